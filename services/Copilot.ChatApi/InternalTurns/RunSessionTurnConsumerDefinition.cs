using Copilot.Messaging;
using MassTransit;

namespace Copilot.ChatApi.InternalTurns;

public sealed class RunSessionTurnConsumerDefinition : ConsumerDefinition<RunSessionTurnConsumer>
{
    public RunSessionTurnConsumerDefinition()
    {
        EndpointName = QueueNames.RunSessionTurn;
        ConcurrentMessageLimit = 16;
    }
}
