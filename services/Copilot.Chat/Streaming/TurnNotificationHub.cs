using System.Collections.Concurrent;
using System.Threading.Channels;
using Copilot.Chat.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Copilot.Chat.Streaming;

/// <summary>
/// One Redis pub/sub subscription per turn per process, fanned out to every local reader of that turn. Thousands of
/// SSE clients therefore cost no Redis connection each and no polling; the multiplexer's single subscriber
/// connection carries every notification.
/// </summary>
public sealed partial class TurnNotificationHub : IDisposable
{
    private const int ReaderBufferSize = 1024;

    // A chunk notification is "<entry id> <json>"; a bare word cannot be mistaken for one.
    private const string DisconnectPayload = "disconnect";

    private readonly ConcurrentDictionary<Guid, TurnTopic> _topics = new();
    private readonly Lock _gate = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<TurnNotificationHub> _logger;

    public TurnNotificationHub(IConnectionMultiplexer redis, ILogger<TurnNotificationHub> logger)
    {
        _redis = redis;
        _logger = logger;
        redis.ConnectionFailed += OnSubscriptionInterrupted;
        redis.ConnectionRestored += OnSubscriptionInterrupted;
    }

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnSubscriptionInterrupted;
        _redis.ConnectionRestored -= OnSubscriptionInterrupted;
    }

    /// <summary>
    /// Pub/sub is fire-and-forget: whatever was published while the subscriber connection was down is gone, and the
    /// next live chunk would then be accepted past the hole. Every listener is told to re-read from the stream,
    /// which holds everything, once at the break and once when the connection is back.
    /// </summary>
    private void OnSubscriptionInterrupted(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        TurnListener[] listeners;
        lock (_gate)
        {
            listeners = [.. _topics.Values.SelectMany(topic => topic.Listeners)];
        }

        LogSubscriptionInterrupted(args.EndPoint?.ToString(), listeners.Length);
        foreach (var listener in listeners)
        {
            listener.MarkGap();
        }
    }

    /// <summary>Starts receiving a turn's live chunks. Dispose the listener to stop.</summary>
    public async Task<TurnListener> ListenAsync(Guid turnId)
    {
        TurnTopic topic;
        var listener = new TurnListener(this, turnId, Channel.CreateBounded<StreamEntry>(new BoundedChannelOptions(ReaderBufferSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        }));
        lock (_gate)
        {
            topic = _topics.GetOrAdd(turnId, id => new TurnTopic(id));
            topic.Listeners.Add(listener);
        }

        await topic.EnsureSubscribedAsync(_redis.GetSubscriber(), this);
        return listener;
    }

    internal void Remove(TurnListener listener)
    {
        TurnTopic? emptied = null;
        lock (_gate)
        {
            if (_topics.TryGetValue(listener.TurnId, out var topic) && topic.Listeners.Remove(listener) && topic.Listeners.Count == 0)
            {
                _topics.TryRemove(listener.TurnId, out _);
                emptied = topic;
            }
        }

        emptied?.Unsubscribe();
    }

    /// <summary>Ends every reader of the turn, in every process (the turn itself keeps running).</summary>
    public Task DisconnectListenersAsync(Guid turnId) =>
        _redis.GetSubscriber().PublishAsync(RedisKeys.TurnNotify(turnId), DisconnectPayload);

    private void Dispatch(TurnTopic topic, string payload)
    {
        if (payload == DisconnectPayload)
        {
            foreach (var listener in Snapshot(topic))
            {
                listener.Disconnect();
            }

            return;
        }

        var space = payload.IndexOf(' ');
        if (space <= 0 || !StreamEntryId.TryParse(payload[..space], out var id))
        {
            LogMalformedNotification(topic.TurnId);
            return;
        }

        var entry = new StreamEntry(id, payload[(space + 1)..]);
        foreach (var listener in Snapshot(topic))
        {
            listener.Deliver(entry);
        }
    }

    private TurnListener[] Snapshot(TurnTopic topic)
    {
        lock (_gate)
        {
            return [.. topic.Listeners];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis subscription to {EndPoint} interrupted or restored; {Listeners} stream reader(s) re-read from Redis")]
    private partial void LogSubscriptionInterrupted(string? endPoint, int listeners);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring malformed chunk notification for turn {TurnId}")]
    private partial void LogMalformedNotification(Guid turnId);

    private sealed class TurnTopic(Guid turnId)
    {
        private Task? _subscribed;
        private ChannelMessageQueue? _queue;

        public Guid TurnId { get; } = turnId;

        public List<TurnListener> Listeners { get; } = [];

        public Task EnsureSubscribedAsync(ISubscriber subscriber, TurnNotificationHub hub)
        {
            lock (this)
            {
                return _subscribed ??= SubscribeAsync(subscriber, hub);
            }
        }

        public void Unsubscribe()
        {
            lock (this)
            {
                _queue?.Unsubscribe(CommandFlags.FireAndForget);
            }
        }

        private async Task SubscribeAsync(ISubscriber subscriber, TurnNotificationHub hub)
        {
            // A message queue (not a handler) keeps notifications in publish order.
            var queue = await subscriber.SubscribeAsync(RedisKeys.TurnNotify(TurnId));
            lock (this)
            {
                _queue = queue;
            }

            queue.OnMessage(message => hub.Dispatch(this, message.Message.ToString()));
        }
    }
}

/// <summary>A reader's live feed of one turn. If it may have missed entries (it fell behind, or the subscription broke), <see cref="TakeOverflow"/> tells it to re-read from Redis.</summary>
public sealed class TurnListener(TurnNotificationHub hub, Guid turnId, Channel<StreamEntry> channel) : IDisposable
{
    private int _overflowed;

    public Guid TurnId { get; } = turnId;

    public ChannelReader<StreamEntry> Entries => channel.Reader;

    /// <summary>True once the session's listeners were told to disconnect.</summary>
    public bool Disconnected { get; private set; }

    /// <summary>Reads and clears the overflow flag.</summary>
    public bool TakeOverflow() => Interlocked.Exchange(ref _overflowed, 0) == 1;

    internal void Deliver(StreamEntry entry)
    {
        if (!channel.Writer.TryWrite(entry))
        {
            MarkGap();
        }
    }

    /// <summary>Live entries may have been missed: the reader re-reads from Redis before trusting the next one.</summary>
    internal void MarkGap() => Interlocked.Exchange(ref _overflowed, 1);

    internal void Disconnect()
    {
        Disconnected = true;
        channel.Writer.TryComplete();
    }

    public void Dispose()
    {
        channel.Writer.TryComplete();
        hub.Remove(this);
    }
}
