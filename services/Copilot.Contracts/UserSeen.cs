namespace Copilot.Contracts;

/// <summary>
/// Event (chat-api → billing): an authenticated user used the product, so billing knows every user (admin lookups by id
/// and email go through billing's accounts). Published at most about once an hour per user and email by each replica,
/// so consumers must be idempotent.
/// </summary>
public sealed record UserSeen(string UserId, string? Email, DateTimeOffset SeenAt);
