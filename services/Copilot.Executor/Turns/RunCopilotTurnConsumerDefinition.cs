using Copilot.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Copilot.Executor.Turns;

/// <summary>
/// A busy session is waited for inside the consumer (<see cref="SessionLeases"/>), which can end the turn cleanly when
/// the wait runs out, so only Redis being away is retried: parked in the error queue, the turn would stay
/// <c>running</c> until the stuck-turn watchdog (10 min). A retry is safe at any point, since the consumer starts from
/// the turn's record: one that had started is ended as interrupted, not run twice.
/// </summary>
public sealed class RunCopilotTurnConsumerDefinition : ConsumerDefinition<RunCopilotTurnConsumer>
{
    public RunCopilotTurnConsumerDefinition(IOptions<ExecutorOptions> options)
    {
        EndpointName = QueueNames.RunCopilotTurn;
        ConcurrentMessageLimit = options.Value.MaxConcurrentTurns;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunCopilotTurnConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<RedisException>();
            retry.Handle<RedisTimeoutException>();
            retry.Intervals(500, 2_000, 5_000, 15_000);
        });
    }
}
