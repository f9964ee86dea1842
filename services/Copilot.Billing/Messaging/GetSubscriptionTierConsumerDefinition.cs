using MassTransit;

namespace Copilot.Billing.Messaging;

public sealed class GetSubscriptionTierConsumerDefinition : ConsumerDefinition<GetSubscriptionTierConsumer>
{
    public GetSubscriptionTierConsumerDefinition() => ConcurrentMessageLimit = 32;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<GetSubscriptionTierConsumer> consumerConfigurator, IRegistrationContext context) =>
        CreditRequests.ConfigureRetry(endpointConfigurator);
}
