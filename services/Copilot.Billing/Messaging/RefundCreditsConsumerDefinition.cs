namespace Copilot.Billing.Messaging;

public sealed class RefundCreditsConsumerDefinition() : BillingConsumerDefinition<RefundCreditsConsumer>(concurrentMessageLimit: 16);
