using System.Globalization;
using Copilot.Chat.Redis;
using StackExchange.Redis;

namespace Copilot.ChatApi.Telemetry;

/// <summary>One read of the running turns as Redis records them.</summary>
/// <param name="Running">Sessions in the running-turn index (<c>copilot:turn:active</c>).</param>
/// <param name="Sampled">How many of them the other figures cover (the least recently active first).</param>
/// <param name="AwaitingExecutor">Sampled running turns whose session lock nobody holds: queued, or between workers.</param>
/// <param name="LagMaxMs">Age of the oldest newest-entry among the sampled turns' streams, by Redis's clock; null with no running turn.</param>
/// <param name="LagP50Ms">The median of those ages.</param>
/// <param name="LocksByExecutor">Held session locks per executor process (the owner token's <c>host-pid</c> part).</param>
public sealed record RunningTurnsSample(
    long Running,
    int Sampled,
    int AwaitingExecutor,
    double? LagMaxMs,
    double? LagP50Ms,
    IReadOnlyDictionary<string, int> LocksByExecutor)
{
    public int LocksHeld => LocksByExecutor.Values.Sum();
}

/// <summary>
/// Reads the running turns from Redis: the active-turn index, each turn's stream head and the executor session locks.
/// Locks are looked up for the indexed sessions rather than scanned for, which keeps a read at a few pipelined round
/// trips however large the keyspace; a lock outside the index belongs to no running turn anyway, since ending a turn
/// removes both.
/// </summary>
public static class RunningTurnsReader
{
    public static async Task<RunningTurnsSample> ReadAsync(IDatabase db, int maxSampled)
    {
        var now = await ServerTimeMsAsync(db);
        var runningCount = db.SortedSetLengthAsync(RedisKeys.ActiveTurns);
        // Lowest scores first: the turns that have been quiet longest are the ones an operator is looking for.
        var active = await db.SortedSetRangeByRankWithScoresAsync(RedisKeys.ActiveTurns, 0, maxSampled - 1);
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

        // A turn with no chunk yet is as old as its last recorded activity (its start).
        var lags = sessions.Select((entry, index) => Math.Max(0, now - (NewestEntryMs(heads[index].Result) ?? entry.LastActivityMs))).Order().ToList();
        var holders = locks.Where(held => held.Result.HasValue)
            .GroupBy(held => OwnerOf(held.Result.ToString()))
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        return new RunningTurnsSample(
            await runningCount,
            sessions.Count,
            locks.Count(held => !held.Result.HasValue),
            lags.Count > 0 ? lags[^1] : null,
            lags.Count > 0 ? Median(lags) : null,
            holders);
    }

    /// <summary>Redis's own clock (ms), which also stamped the stream ids: no skew between this host and the server.</summary>
    private static async Task<double> ServerTimeMsAsync(IDatabase db)
    {
        var time = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        return long.Parse(time[0].ToString(), CultureInfo.InvariantCulture) * 1000.0
            + long.Parse(time[1].ToString(), CultureInfo.InvariantCulture) / 1000.0;
    }

    /// <summary>A stream id is <c>{ms}-{seq}</c>.</summary>
    private static double? NewestEntryMs(StreamEntry[] newest) =>
        newest is [var entry] && long.TryParse(entry.Id.ToString().Split('-')[0], CultureInfo.InvariantCulture, out var ms) ? ms : null;

    /// <summary>Lease tokens are <c>{host}-{pid}:{guid}</c> (the executor's identity plus a per-lease nonce).</summary>
    private static string OwnerOf(string token) => token.LastIndexOf(':') is > 0 and var separator ? token[..separator] : token;

    private static double Median(List<double> sorted) => sorted.Count % 2 == 1
        ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
