using MassTransit;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>
/// A non-durable queue per replica, deleted when the replica stops: each host removes its own folder, and a notice
/// no replica heard is covered by the idle sweep.
/// </summary>
public sealed class ChatSessionDeletedConsumerDefinition : ConsumerDefinition<ChatSessionDeletedConsumer>
{
    public ChatSessionDeletedConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.InstanceId = $"-{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
            endpoint.Temporary = true;
        });
    }
}
