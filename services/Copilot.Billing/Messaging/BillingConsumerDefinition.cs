using MassTransit;
using Npgsql;

namespace Copilot.Billing.Messaging;

/// <summary>
/// Endpoint settings shared by billing's consumers: each takes a database connection, so only so many messages run at
/// once, and database hiccups are retried in memory; invalid requests, and rows the database refuses outright, are not.
/// </summary>
public abstract class BillingConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected BillingConsumerDefinition(int concurrentMessageLimit) => ConcurrentMessageLimit = concurrentMessageLimit;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Intervals(100, 500, 1000, 2000);
            // A data exception (class 22: text PostgreSQL cannot hold, a number out of range) or an integrity
            // violation (class 23) fails the same way every time: retrying it only delays the fault.
            retry.Handle<NpgsqlException>(exception => exception is not PostgresException { SqlState: ['2', '2' or '3', ..] });
            retry.Handle<TimeoutException>();
            retry.Handle<InvalidOperationException>(exception => exception.InnerException is NpgsqlException);
        });
}
