using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Copilot.ChatApi.Telemetry;

/// <param name="Messages">Messages ready for delivery (not those delivered and awaiting their acknowledgement).</param>
public sealed record QueueSample(string Queue, long Messages, long Consumers);

/// <summary>
/// Queue depth and consumers through passive declares on an AMQP connection: no management API (whose address and
/// statistics interval an <c>amqp://</c> URI says nothing about), and a passive declare never creates a queue.
/// </summary>
public static class TurnQueueReader
{
    /// <summary>The queues that exist, in the order asked; a queue not declared yet (no sender or consumer so far) is left out.</summary>
    public static async Task<IReadOnlyList<QueueSample>> ReadAsync(
        IConnection connection, IReadOnlyList<string> queues, CancellationToken cancellationToken)
    {
        var samples = new List<QueueSample>(queues.Count);
        IChannel? channel = null;
        try
        {
            foreach (var queue in queues)
            {
                channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                    samples.Add(new QueueSample(queue, declared.MessageCount, declared.ConsumerCount));
                }
                catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == Constants.NotFound)
                {
                    // The broker closes a channel whose passive declare failed; the next queue needs a fresh one.
                    await channel.DisposeAsync();
                    channel = null;
                }
            }
        }
        finally
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
        }

        return samples;
    }
}
