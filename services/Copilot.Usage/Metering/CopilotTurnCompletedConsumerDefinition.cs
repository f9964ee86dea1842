namespace Copilot.Usage.Metering;

public sealed class CopilotTurnCompletedConsumerDefinition() : UsageConsumerDefinition<CopilotTurnCompletedConsumer>("copilot-turn-completed");
