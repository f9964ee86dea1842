namespace Copilot.Billing.Messaging;

public sealed class SetSubscriptionTierConsumerDefinition() : BillingConsumerDefinition<SetSubscriptionTierConsumer>(concurrentMessageLimit: 8);
