namespace Copilot.Chat.Turns;

/// <summary>Who asked for a turn; recorded in the turn meta and carried to the executor.</summary>
public static class TurnOrigins
{
    public const string Chat = "chat";

    public const string Internal = "internal";

    /// <summary>A turn started only to answer follow-ups its predecessor left queued.</summary>
    public const string FollowUp = "follow-up";

    private const string SubSessionPrefix = "sub:";

    public static string SubSessionOf(Guid parentSessionId) => $"{SubSessionPrefix}{parentSessionId}";

    public static bool IsSubSession(string origin) => origin.StartsWith(SubSessionPrefix, StringComparison.Ordinal);
}
