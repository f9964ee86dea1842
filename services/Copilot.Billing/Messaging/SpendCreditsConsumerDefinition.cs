namespace Copilot.Billing.Messaging;

public sealed class SpendCreditsConsumerDefinition() : BillingConsumerDefinition<SpendCreditsConsumer>(concurrentMessageLimit: 16);
