using System.Globalization;
using Copilot.Chat.Redis;
using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Resources;
using StackExchange.Redis;

namespace Copilot.AppHost.Counters;

/// <param name="ActiveTurns">Sessions in the running-turn index (<c>copilot:turn:active</c>).</param>
/// <param name="Sampled">How many of them the lag and lock figures cover (the least recently active first).</param>
/// <param name="AwaitingExecutor">Sampled running turns whose session lock nobody holds: queued, or between workers.</param>
public sealed record TurnCountersValues(
    long ActiveTurns, int Sampled, int AwaitingExecutor, StreamLag StreamLag, LockHolders LockHolders);

/// <summary>Age of the newest entry of each running turn's stream (its start when it has none yet), by Redis's clock.</summary>
public sealed record StreamLag(double? MaxMs, double? P50Ms);

/// <param name="ByExecutor">Held locks per executor process (the owner token's <c>host-pid</c> part).</param>
public sealed record LockHolders(int Total, IReadOnlyDictionary<string, int> ByExecutor);

/// <summary>
/// Running turns as Redis records them: the active-turn index, each turn's stream head, and the executor session
/// locks. Locks are looked up for the indexed sessions rather than scanned for, which keeps a poll at a few pipelined
/// round trips however large the keyspace; a lock outside the index would belong to no running turn anyway, since
/// ending a turn removes both.
/// </summary>
public sealed class TurnCounters(RedisResource redis) : ICounterSource, IAsyncDisposable
{
    /// <summary>Bounds one poll's work on a busy system.</summary>
    public const int MaxSampled = 2000;

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public string Name => "turns";

    public async Task<object> ReadAsync(CancellationToken cancellationToken)
    {
        var db = (await ConnectAsync()).GetDatabase();
        var now = await ServerTimeAsync(db);
        var activeCount = db.SortedSetLengthAsync(RedisKeys.ActiveTurns);
        var active = await db.SortedSetRangeByRankWithScoresAsync(RedisKeys.ActiveTurns, 0, MaxSampled - 1);
        var sessions = active
            .Select(entry => (Session: Guid.TryParse(entry.Element.ToString(), out var id) ? id : Guid.Empty, LastActivityMs: entry.Score))
            .Where(entry => entry.Session != Guid.Empty)
            .ToList();

        var batch = db.CreateBatch();
        var metas = sessions.Select(entry => batch.HashGetAsync(RedisKeys.TurnMeta(entry.Session), "turn_id")).ToList();
        var locks = sessions.Select(entry => batch.StringGetAsync(RedisKeys.SessionLock(entry.Session))).ToList();
        batch.Execute();
        await Task.WhenAll(metas.Concat(locks));

        batch = db.CreateBatch();
        var heads = metas
            .Select(meta => Guid.TryParse(meta.Result.ToString(), out var turn)
                ? batch.StreamRangeAsync(RedisKeys.TurnStream(turn), "-", "+", count: 1, messageOrder: Order.Descending)
                : Task.FromResult(Array.Empty<StreamEntry>()))
            .ToList();
        batch.Execute();
        await Task.WhenAll(heads);

        var lags = sessions.Select((entry, index) => now - (NewestEntryMs(heads[index].Result) ?? entry.LastActivityMs)).Order().ToList();
        var holders = locks.Where(held => held.Result.HasValue)
            .GroupBy(held => OwnerOf(held.Result.ToString()))
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        return new TurnCountersValues(
            await activeCount,
            sessions.Count,
            locks.Count(held => !held.Result.HasValue),
            new StreamLag(lags.Count > 0 ? Math.Max(0, lags[^1]) : null, lags.Count > 0 ? Math.Max(0, Median(lags)) : null),
            new LockHolders(holders.Values.Sum(), holders));
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Connects on first use: the server may still be starting when the dashboard first polls.</summary>
    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _connecting.WaitAsync();
        try
        {
            var options = ConfigurationOptions.Parse(redis.ConnectionString
                ?? throw new InvalidOperationException("Redis has no connection string yet."));
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.ClientName = "copilot-apphost-dashboard";
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(options);
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>Redis's own clock (ms), which also stamped the stream ids: no skew between this host and the server.</summary>
    private static async Task<double> ServerTimeAsync(IDatabase db)
    {
        var time = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        return long.Parse(time[0].ToString(), CultureInfo.InvariantCulture) * 1000.0
            + long.Parse(time[1].ToString(), CultureInfo.InvariantCulture) / 1000.0;
    }

    /// <summary>A stream id is <c>{ms}-{seq}</c>.</summary>
    private static double? NewestEntryMs(StreamEntry[] newest) =>
        newest is [var entry] && long.TryParse(entry.Id.ToString().Split('-')[0], CultureInfo.InvariantCulture, out var ms) ? ms : null;

    /// <summary>Lease tokens are <c>{host}-{pid}:{guid}</c> (ExecutorIdentity plus a per-lease nonce).</summary>
    private static string OwnerOf(string token) => token.LastIndexOf(':') is > 0 and var separator ? token[..separator] : token;

    private static double Median(List<double> sorted) => sorted.Count % 2 == 1
        ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
