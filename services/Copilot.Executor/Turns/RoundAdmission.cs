using Copilot.Chat.Turns;
using Copilot.Contracts;

namespace Copilot.Executor.Turns;

/// <summary>The usage limit stopped a turn before its next model round; the message is the limit text for the user.</summary>
public sealed class UsageLimitReachedException(string message) : Exception(message);

/// <summary>
/// The check before each model round of a turn. Usage is shown the turn's calls since the last check, so it decides
/// on the turn's real spend; a turn that has spent its reservation re-reserves under the admission rule or stops.
/// This is also the admission of turns no starter admitted (follow-up continuations, which the executor starts).
/// </summary>
public sealed partial class RoundAdmission(ITurnAdmission admission, CostReporter costs, ILogger<RoundAdmission> logger)
{
    /// <exception cref="UsageLimitReachedException">Usage refused the round.</exception>
    public async Task EnsureAsync(RunCopilotTurn turn, int round, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(turn.UserId))
        {
            // Anonymous turns are not metered (usage ignores their costs), so there is nothing to check.
            return;
        }

        var charges = costs.TakeUnconfirmed();
        if (round == 1 && charges.Count == 0 && turn.Origin != FollowUpContinuation.Origin)
        {
            // Its starter admitted the turn and reserved for it a moment ago, and it has spent nothing since: usage
            // would answer "go on", and the call would sit between the turn's start and its first token.
            return;
        }

        var verdict = await admission.ExtendAsync(turn.UserId, turn.TurnId, charges, cancellationToken);
        if (!verdict.Allowed)
        {
            LogRefused(turn.SessionId, turn.TurnId, round);
            throw new UsageLimitReachedException(verdict.RefusalText);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage limit reached: turn {TurnId} of session {SessionId} stops before model round {Round}")]
    private partial void LogRefused(Guid sessionId, Guid turnId, int round);
}
