namespace Copilot.Contracts;

/// <summary>
/// Command to run one copilot turn for a session. Consumed by exactly one executor (competing consumers).
/// </summary>
/// <param name="RequestArrivalAt">When the originating request reached the API; orders queued follow-ups around this turn's message.</param>
/// <param name="Origin"><c>chat</c>, <c>sub:&lt;parent session&gt;</c> or <c>internal</c>.</param>
/// <param name="Permissions">Tool filter inherited by sub-sessions; null means no filter.</param>
/// <param name="SessionTitled">
/// The session had a title when the turn was submitted, so the executor need not look for one to write; false means
/// "look" (an older sender, or a continuation of a turn that may have titled it).
/// </param>
public sealed record RunCopilotTurn(
    Guid SessionId,
    Guid TurnId,
    string UserId,
    string Message,
    bool IsUserMessage,
    DateTimeOffset RequestArrivalAt,
    string ModelTier,
    string? Mode,
    string Origin,
    CopilotPermissions? Permissions,
    IReadOnlyList<Guid>? FileIds,
    IReadOnlyDictionary<string, string>? Context,
    bool SessionTitled = false);

/// <summary>Which tools a turn may use. An empty allow-list with <see cref="AllowAll"/> false allows nothing.</summary>
public sealed record CopilotPermissions(bool AllowAll, IReadOnlyList<string> AllowedTools, IReadOnlyList<string> DeniedTools);
