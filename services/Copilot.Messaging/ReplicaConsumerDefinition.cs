using MassTransit;

namespace Copilot.Messaging;

/// <summary>
/// A non-durable queue per replica, deleted when the replica stops: for notices every live replica must see (a fan-out
/// of a published event), and that are worth nothing to a replica that is gone.
/// </summary>
public abstract class ReplicaConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected ReplicaConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.InstanceId = $"-{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
            endpoint.Temporary = true;
        });
    }
}
