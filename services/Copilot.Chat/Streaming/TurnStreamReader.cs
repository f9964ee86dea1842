using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Copilot.Chat.Redis;
using StackExchange.Redis;

namespace Copilot.Chat.Streaming;

/// <summary>
/// Reads a turn's chunks from any point: the history from the Redis stream, then live entries pushed through
/// <see cref="TurnNotificationHub"/>, de-duplicated by entry id so a resuming client sees no gap and no repeat.
/// Ends after the <c>finish</c> chunk.
/// </summary>
public sealed class TurnStreamReader(IConnectionMultiplexer redis, TurnNotificationHub hub)
{
    private const int PageSize = 500;

    /// <summary>
    /// How long a reader waits on the push feed before re-reading Redis itself: pub/sub is at-most-once, so this bounds
    /// the delay a lost notification (e.g. across a reconnect) can cause.
    /// </summary>
    public static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(2);

    private readonly IDatabase _db = redis.GetDatabase();

    public async IAsyncEnumerable<StreamEntry> ReadAsync(
        Guid sessionId,
        Guid turnId,
        StreamEntryId after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Listen before reading history so nothing published in between is missed; duplicates are filtered by id.
        using var listener = await hub.ListenAsync(turnId);
        var last = after;

        await foreach (var entry in ReadStoredAsync(turnId, last, cancellationToken))
        {
            last = entry.Id;
            yield return entry;
            if (UiChunkJson.IsFinish(entry.Json))
            {
                yield break;
            }
        }

        while (!cancellationToken.IsCancellationRequested && !listener.Disconnected)
        {
            var live = await WaitForLiveAsync(listener, cancellationToken);
            if (live is { } entry && !listener.TakeOverflow())
            {
                if (entry.Id <= last)
                {
                    continue;
                }

                last = entry.Id;
                yield return entry;
                if (UiChunkJson.IsFinish(entry.Json))
                {
                    yield break;
                }

                continue;
            }

            // Quiet period or dropped notifications: trust Redis, not the push feed. The meta is read first: a turn
            // that has ended wrote its finish chunk in the same atomic step, so the read below must then see it.
            var ended = !await IsSessionRunningTurnAsync(sessionId, turnId);
            await foreach (var stored in ReadStoredAsync(turnId, last, cancellationToken))
            {
                last = stored.Id;
                yield return stored;
                if (UiChunkJson.IsFinish(stored.Json))
                {
                    yield break;
                }
            }

            if (ended)
            {
                // Replaced by another turn or expired without a finish chunk: nothing more will ever arrive.
                yield break;
            }
        }
    }

    private async Task<bool> IsSessionRunningTurnAsync(Guid sessionId, Guid turnId)
    {
        var fields = await _db.HashGetAsync(RedisKeys.TurnMeta(sessionId), ["status", "turn_id"]);
        return fields[0] == TurnStatus.Running && fields[1] == turnId.ToString();
    }

    private static async Task<StreamEntry?> WaitForLiveAsync(TurnListener listener, CancellationToken cancellationToken)
    {
        if (listener.Entries.TryRead(out var ready))
        {
            return ready;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CatchUpInterval);
        try
        {
            return await listener.Entries.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private async IAsyncEnumerable<StreamEntry> ReadStoredAsync(
        Guid turnId,
        StreamEntryId after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = RedisKeys.TurnStream(turnId);
        var from = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            // "(" makes the range exclusive of the id already delivered.
            var page = await _db.StreamRangeAsync(key, minId: from == StreamEntryId.Zero ? "-" : $"({from}", maxId: "+", count: PageSize);
            foreach (var raw in page)
            {
                if (!StreamEntryId.TryParse(raw.Id, out var id))
                {
                    continue;
                }

                from = id;
                yield return new StreamEntry(id, raw["d"].ToString());
            }

            if (page.Length < PageSize)
            {
                yield break;
            }
        }
    }
}
