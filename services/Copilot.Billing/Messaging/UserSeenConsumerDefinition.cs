namespace Copilot.Billing.Messaging;

/// <summary>Billing's own queue for the event, so a future second subscriber gets its own copy instead of competing.</summary>
public sealed class UserSeenConsumerDefinition : BillingConsumerDefinition<UserSeenConsumer>
{
    public UserSeenConsumerDefinition() : base(concurrentMessageLimit: 8) => EndpointName = "billing-user-seen";
}
