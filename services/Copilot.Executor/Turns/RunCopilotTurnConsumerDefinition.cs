using Copilot.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// No message retry: a busy session is waited for inside the consumer (<see cref="SessionLeases"/>), which can end the
/// turn cleanly when the wait runs out.
/// </summary>
public sealed class RunCopilotTurnConsumerDefinition : ConsumerDefinition<RunCopilotTurnConsumer>
{
    public RunCopilotTurnConsumerDefinition(IOptions<ExecutorOptions> options)
    {
        EndpointName = QueueNames.RunCopilotTurn;
        ConcurrentMessageLimit = options.Value.MaxConcurrentTurns;
    }
}
