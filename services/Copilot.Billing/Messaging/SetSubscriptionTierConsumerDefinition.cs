using MassTransit;

namespace Copilot.Billing.Messaging;

public sealed class SetSubscriptionTierConsumerDefinition : ConsumerDefinition<SetSubscriptionTierConsumer>
{
    public SetSubscriptionTierConsumerDefinition() => ConcurrentMessageLimit = 8;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SetSubscriptionTierConsumer> consumerConfigurator, IRegistrationContext context) =>
        CreditRequests.ConfigureRetry(endpointConfigurator);
}
