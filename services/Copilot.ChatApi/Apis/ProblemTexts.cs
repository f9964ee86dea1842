namespace Copilot.ChatApi.Apis;

/// <summary>The seed's problem texts, so clients see the same messages.</summary>
internal static class ProblemTexts
{
    public static string SessionNotFound(Guid sessionId) => $"Session {sessionId} not found or access denied";
}
