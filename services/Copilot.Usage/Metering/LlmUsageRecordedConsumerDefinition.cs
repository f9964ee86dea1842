namespace Copilot.Usage.Metering;

public sealed class LlmUsageRecordedConsumerDefinition() : UsageConsumerDefinition<LlmUsageRecordedConsumer>("llm-usage-recorded");
