namespace Copilot.Chat.Streaming;

public static class TurnStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// The session's current (or last) turn as recorded in <c>copilot:turn:meta:{session}</c>; <see cref="Owner"/> is the
/// lease token of the executor that claimed it (null until one did).
/// </summary>
public sealed record TurnMeta(Guid SessionId, Guid TurnId, string Status, string UserId, DateTimeOffset StartedAt, string Origin, string? Owner)
{
    public bool IsRunning => Status == TurnStatus.Running;
}
