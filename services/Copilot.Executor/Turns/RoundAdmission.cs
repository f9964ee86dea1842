using Copilot.Contracts;
using Copilot.Usage.Client;

namespace Copilot.Executor.Turns;

/// <summary>The usage limit stopped a turn before its next model round; the message is the limit text for the user.</summary>
public sealed class UsageLimitReachedException(string message) : Exception(message);

/// <summary>
/// The check before each model round of a turn. Usage is shown the turn's calls since the last check, so it decides
/// on the turn's real spend, and answers with what the turn may still spend, which caps the round's output
/// (<see cref="RoundOutputLimit"/>). A turn at its limit stops. This is also the admission of turns no starter
/// admitted (follow-up continuations, which the executor starts).
/// </summary>
public sealed partial class RoundAdmission(ITurnAdmission admission, CostReporter costs, ILogger<RoundAdmission> logger)
{
    /// <returns>
    /// What the turn may still spend before the user's tightest limit, in microdollars; null when the user is not
    /// limited, the turn is anonymous, or usage did not answer (fail open, uncapped, as before there was a budget).
    /// </returns>
    /// <exception cref="UsageLimitReachedException">Usage refused the round.</exception>
    public async Task<long?> EnsureAsync(RunCopilotTurn turn, int round, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(turn.UserId))
        {
            // Anonymous turns are not metered (usage ignores their costs), so there is nothing to check.
            return null;
        }

        // Asked before every round, the first one included: only usage knows the remaining budget, and every other turn
        // of the user moves it. A figure carried with the turn and decremented here would be stale by the time a
        // queued turn starts and would copy usage's rules (tiers, overrides, reservations) into the executor; the
        // call is one Redis script behind an internal request, about a millisecond next to a model round.
        var verdict = await admission.ExtendAsync(turn.UserId, turn.TurnId, costs.TakeUnconfirmed(), cancellationToken);
        if (!verdict.Allowed)
        {
            LogRefused(turn.SessionId, turn.TurnId, round);
            throw new UsageLimitReachedException(verdict.RefusalText);
        }

        return verdict.RemainingMicrodollars;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage limit reached: turn {TurnId} of session {SessionId} stops before model round {Round}")]
    private partial void LogRefused(Guid sessionId, Guid turnId, int round);
}
