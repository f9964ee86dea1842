using MassTransit;

namespace Copilot.Billing.Messaging;

public sealed class SpendCreditsConsumerDefinition : ConsumerDefinition<SpendCreditsConsumer>
{
    public SpendCreditsConsumerDefinition() => ConcurrentMessageLimit = 16;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SpendCreditsConsumer> consumerConfigurator,
        IRegistrationContext context) => CreditRequests.ConfigureRetry(endpointConfigurator);
}
