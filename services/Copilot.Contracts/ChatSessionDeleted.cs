namespace Copilot.Contracts;

/// <summary>
/// A user deleted a chat session (its rows are gone). Published (fan-out) so every executor replica removes what it
/// keeps on its host for the session, such as its <c>bash_exec</c> workspace.
/// </summary>
public sealed record ChatSessionDeleted(Guid SessionId, string UserId, DateTimeOffset DeletedAt);
