using Copilot.Contracts;
using Copilot.Messaging;
using MassTransit;

namespace Copilot.Executor.Turns;

/// <summary>Turns each model call's reported USD cost into one <see cref="LlmUsageRecorded"/>. Never estimates.</summary>
public sealed partial class CostReporter(IPublishEndpoint publish, TimeProvider time, ILogger<CostReporter> logger)
{
    /// <summary>Publishes the call's cost and returns it in microdollars (0 when the provider sent no usable cost).</summary>
    public async Task<long> ReportAsync(RunCopilotTurn turn, string model, TokenUsage tokens, decimal? costUsd)
    {
        if (costUsd is not { } usd)
        {
            // An unknown cost is charged as nothing and flagged for operators, never guessed.
            LogMissingCost(turn.SessionId, turn.TurnId, model);
            return 0;
        }

        var microdollars = ToMicrodollars(usd);
        using var deadline = PublishDeadline.Start();
        await publish.Publish(new LlmUsageRecorded(Guid.NewGuid(), turn.UserId, turn.SessionId, turn.TurnId, model,
            tokens, microdollars, time.GetUtcNow()), deadline.Token);
        return microdollars;
    }

    /// <summary>0.0123 USD → 12 300 microdollars.</summary>
    public static long ToMicrodollars(decimal usd) => (long)Math.Round(usd * 1_000_000m, MidpointRounding.AwayFromZero);

    [LoggerMessage(Level = LogLevel.Error, Message = "No usable cost reported for a {Model} call in turn {TurnId} of session {SessionId}; nothing charged")]
    private partial void LogMissingCost(Guid sessionId, Guid turnId, string model);
}
