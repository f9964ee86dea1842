namespace Copilot.Billing.Messaging;

public sealed class GetSubscriptionTierConsumerDefinition() : BillingConsumerDefinition<GetSubscriptionTierConsumer>(concurrentMessageLimit: 32);
