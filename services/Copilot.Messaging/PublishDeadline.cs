namespace Copilot.Messaging;

/// <summary>
/// The longest a publish or send made while handling a message may take. RabbitMQ.Client 7.2 can leave a publish waiting
/// forever for its broker confirmation when the connection drops under it (rabbitmq-dotnet-client #1930, fixed after
/// 7.2.2), and MassTransit restarts a receive endpoint only once every delivery in flight has finished: one such publish
/// left an executor's turn queue without a consumer for good after a broker restart. Bounded, the delivery fails instead
/// and is redelivered once the broker is back.
/// </summary>
public static class PublishDeadline
{
    /// <summary>Long enough to ride out a broker restart of a few seconds, short enough not to strand the endpoint.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A token cancelled after <see cref="Timeout"/>; pass it to <c>Publish</c>/<c>Send</c> and dispose it after.</summary>
    public static CancellationTokenSource Start()
    {
        var deadline = new CancellationTokenSource();
        deadline.CancelAfter(Timeout);
        return deadline;
    }
}
