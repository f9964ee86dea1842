using Copilot.Contracts;
using Copilot.Usage.Redis;
using MassTransit;

namespace Copilot.Usage.Metering;

/// <summary>
/// Charges one LLM call's real cost to the user's daily and weekly counters, exactly once per
/// <see cref="LlmUsageRecorded.UsageId"/> (the dedupe marker is set in the same script as the increments), and
/// settles the turn's reservation by the same amount.
/// </summary>
public sealed partial class LlmUsageRecordedConsumer(CostLedger ledger, TimeProvider time, ILogger<LlmUsageRecordedConsumer> logger)
    : IConsumer<LlmUsageRecorded>
{
    public async Task Consume(ConsumeContext<LlmUsageRecorded> context)
    {
        var usage = context.Message;
        if (string.IsNullOrEmpty(usage.UserId) || usage.CostMicrodollars <= 0)
        {
            // Anonymous calls are never charged, and there is nothing to add for a free (or unpriced) call.
            return;
        }

        // Counted in the window it is processed in, as the seed does: a late message charges the current window.
        if (await ledger.RecordCostAsync(usage.UsageId, usage.UserId, usage.TurnId, usage.CostMicrodollars, time.GetUtcNow()))
        {
            LogRecorded(usage.UserId, usage.CostMicrodollars, usage.TurnId);
        }
        else
        {
            LogDuplicate(usage.UsageId, usage.UserId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recording copilot spend: {CostMicrodollars} microdollars for user {UserId} (turn {TurnId})")]
    private partial void LogRecorded(string userId, long costMicrodollars, Guid turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage {UsageId} of user {UserId} was already counted; ignoring the redelivery")]
    private partial void LogDuplicate(Guid usageId, string userId);
}
