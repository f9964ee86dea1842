using MassTransit;

namespace Copilot.Executor.Turns;

/// <summary>A non-durable queue per replica, deleted when the replica stops: a Stop is only useful to live workers.</summary>
public sealed class CancelCopilotTurnConsumerDefinition : ConsumerDefinition<CancelCopilotTurnConsumer>
{
    public CancelCopilotTurnConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.InstanceId = $"-{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
            endpoint.Temporary = true;
        });
    }
}
