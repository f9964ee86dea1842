namespace Copilot.Contracts;

/// <summary>
/// Asks whichever executor runs the session's turn to stop it. Published (fan-out) so every executor replica sees it;
/// only the replica running the session acts.
/// </summary>
public sealed record CancelCopilotTurn(Guid SessionId, Guid? TurnId, DateTimeOffset RequestedAt);
