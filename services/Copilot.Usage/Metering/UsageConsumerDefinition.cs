using MassTransit;
using StackExchange.Redis;

namespace Copilot.Usage.Metering;

/// <summary>
/// Endpoint settings shared by usage's consumers. Queue names carry a <c>usage-</c> prefix because several services
/// subscribe to the same events and a shared queue would make them compete for messages instead of each getting
/// all. Redis outages are retried for about a minute: a dropped cost would undercount spend for good, a dropped turn
/// end would hold its reservation against the user's budget until it expires.
/// </summary>
public abstract class UsageConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected UsageConsumerDefinition(string queue) => EndpointName = $"usage-{queue}";

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<RedisException>();
            retry.Handle<RedisTimeoutException>();
            // MassTransit turns any exception whose innermost cause is a cancellation (StackExchange.Redis's connect
            // timeout while Redis restarts: UnableToConnect → OperationCanceledException) into this one. These
            // consumers take no cancellation token, so it is always Redis being unreachable — retried like the rest,
            // not parked in the error queue with the turn's reservation or a call's cost never applied.
            retry.Handle<ConsumerCanceledException>();
            retry.Intervals(200, 1_000, 5_000, 15_000, 30_000);
        });
    }
}
