using MassTransit;

namespace Copilot.Billing.Messaging;

public sealed class RefundCreditsConsumerDefinition : ConsumerDefinition<RefundCreditsConsumer>
{
    public RefundCreditsConsumerDefinition() => ConcurrentMessageLimit = 16;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RefundCreditsConsumer> consumerConfigurator,
        IRegistrationContext context) => CreditRequests.ConfigureRetry(endpointConfigurator);
}
