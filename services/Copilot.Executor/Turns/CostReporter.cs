using Copilot.Contracts;
using Copilot.Messaging;
using Copilot.Usage.Client;
using MassTransit;

namespace Copilot.Executor.Turns;

/// <summary>
/// Turns each model call's reported USD cost into one <see cref="LlmUsageRecorded"/>. Never estimates. Scoped to one
/// turn: it also keeps the calls usage has not yet been shown directly, for the next round's check.
/// </summary>
public sealed partial class CostReporter(IPublishEndpoint publish, TimeProvider time, ILogger<CostReporter> logger)
{
    private readonly List<TurnCharge> _unconfirmed = [];

    /// <summary>
    /// Publishes the call's tokens and cost and returns the cost in microdollars. Without a usable cost the call is
    /// still published, with cost 0, so its tokens reach the session totals; usage charges nothing for it.
    /// </summary>
    public async Task<long> ReportAsync(RunCopilotTurn turn, string model, TokenUsage tokens, decimal? costUsd)
    {
        if (costUsd is null)
        {
            // An unknown cost is charged as nothing and flagged for operators, never guessed.
            LogMissingCost(turn.SessionId, turn.TurnId, model);
        }

        var microdollars = costUsd is { } usd ? ToMicrodollars(usd) : 0;
        var usageId = Guid.NewGuid();
        using var deadline = PublishDeadline.Start();
        await publish.Publish(new LlmUsageRecorded(usageId, turn.UserId, turn.SessionId, turn.TurnId, model,
            tokens, microdollars, time.GetUtcNow()), deadline.Token);
        if (microdollars > 0)
        {
            lock (_unconfirmed)
            {
                _unconfirmed.Add(new TurnCharge(usageId, microdollars));
            }
        }

        return microdollars;
    }

    /// <summary>Whether a call was reported since the last take.</summary>
    public bool HasUnconfirmed
    {
        get
        {
            lock (_unconfirmed)
            {
                return _unconfirmed.Count > 0;
            }
        }
    }

    /// <summary>The calls reported since the last take, handed to usage with the next round's check (same ids, so counted once).</summary>
    public IReadOnlyList<TurnCharge> TakeUnconfirmed()
    {
        lock (_unconfirmed)
        {
            TurnCharge[] taken = [.. _unconfirmed];
            _unconfirmed.Clear();
            return taken;
        }
    }

    /// <summary>0.0123 USD → 12 300 microdollars.</summary>
    public static long ToMicrodollars(decimal usd) => (long)Math.Round(usd * 1_000_000m, MidpointRounding.AwayFromZero);

    [LoggerMessage(Level = LogLevel.Error, Message = "No usable cost reported for a {Model} call in turn {TurnId} of session {SessionId}; nothing charged")]
    private partial void LogMissingCost(Guid sessionId, Guid turnId, string model);
}
