using Copilot.Chat.Streaming;
using Copilot.Contracts;

namespace Copilot.Chat.Turns;

/// <summary>
/// <see cref="CopilotTurnCompleted"/> for a turn ended by someone other than a worker that ran it to the end (the
/// stuck-turn watchdog, a forced cancel, a session delete, a redelivered turn whose worker died). Whoever wins the
/// end-of-turn compare-and-set publishes it, once, so usage releases the turn's reservation at once instead of
/// after its TTL. Output and cost are unknown there: the cost is reported as 0, which usage does not fold into the
/// user's per-turn estimate, and the calls already made were charged one by one.
/// </summary>
public static class TurnCompletions
{
    public static CopilotTurnCompleted EndedWithoutWorker(TurnMeta meta, TurnOutcome outcome, string? error, DateTimeOffset now) =>
        new(meta.SessionId, meta.TurnId, meta.UserId, outcome, "", [], TokenUsage.None, 0, now - meta.StartedAt, error);
}
