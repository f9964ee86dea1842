namespace Copilot.ChatApi.Apis;

/// <summary>The seed's problem texts, so clients see the same messages.</summary>
internal static class ProblemTexts
{
    public static string SessionNotFound(Guid sessionId) => $"Session {sessionId} not found or access denied";

    /// <summary>Ours, not the seed's (it has no withdraw route): the follow-up was delivered or never queued.</summary>
    public const string FollowUpNotQueued = "That message is no longer queued: the running answer has taken it in.";
}
