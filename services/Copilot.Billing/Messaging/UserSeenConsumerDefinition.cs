using MassTransit;

namespace Copilot.Billing.Messaging;

/// <summary>Billing's own queue for the event, so a future second subscriber gets its own copy instead of competing.</summary>
public sealed class UserSeenConsumerDefinition : ConsumerDefinition<UserSeenConsumer>
{
    public UserSeenConsumerDefinition()
    {
        EndpointName = "billing-user-seen";
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<UserSeenConsumer> consumerConfigurator, IRegistrationContext context) =>
        CreditRequests.ConfigureRetry(endpointConfigurator);
}
