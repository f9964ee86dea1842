using Copilot.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

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
        // A busy session frees up when its turn ends or, if its worker died, when the lease lapses (LockLease).
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<Turns.SessionBusyException>();
            retry.Interval(120, TimeSpan.FromMilliseconds(500));
        });
    }
}
