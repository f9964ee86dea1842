using Copilot.Contracts;
using Copilot.Usage.Redis;
using MassTransit;

namespace Copilot.Usage.Metering;

/// <summary>
/// A turn ended: release what it still reserves and fold its total cost into the user's per-turn estimate. Costs
/// themselves arrive through <see cref="LlmUsageRecorded"/>; one that lands after this is simply charged.
/// </summary>
public sealed class CopilotTurnCompletedConsumer(CostLedger ledger) : IConsumer<CopilotTurnCompleted>
{
    public async Task Consume(ConsumeContext<CopilotTurnCompleted> context)
    {
        var turn = context.Message;
        if (string.IsNullOrEmpty(turn.UserId))
        {
            return;
        }

        await ledger.CompleteTurnAsync(turn.UserId, turn.TurnId, turn.CostMicrodollars);
    }
}
