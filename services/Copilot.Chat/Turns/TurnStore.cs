using System.Globalization;
using System.Text.Json;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Copilot.Chat.Turns;

/// <summary>
/// Writes a turn's lifecycle to Redis: the session meta hash, the turn's chunk stream, and the push notification
/// readers listen to. Shared by chat-api (creates turns, force-fails stuck ones) and executors (publish, complete).
/// </summary>
public sealed partial class TurnStore(
    IConnectionMultiplexer redis,
    IOptions<TurnStoreOptions> options,
    TimeProvider time,
    ILogger<TurnStore> logger)
{
    // A session runs one turn at a time: a new turn is recorded only when none is running.
    private const string CreateScript = """
        if redis.call('HGET', KEYS[1], 'status') == 'running' then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'turn_id', ARGV[1], 'status', 'running', 'user_id', ARGV[2], 'started_at', ARGV[3], 'origin', ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7])
        return 1
        """;

    // The worker that holds the session lease records itself as the turn's owner; from then on only it may write.
    private const string ClaimScript = """
        local meta = redis.call('HMGET', KEYS[1], 'status', 'turn_id')
        if meta[1] ~= 'running' or meta[2] ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'owner', ARGV[2])
        return 1
        """;

    // Renews the session lock only for the worker that still owns the running turn. A lock that lapsed while nobody
    // took it (a stalled process, a slow GC) is taken back under the same condition; a turn ended elsewhere (Stop's
    // fallback, the watchdog, a redelivery) deleted the lock and changed the meta, so its old worker can never
    // re-take the lock of a session that has moved on.
    private const string RenewLeaseScript = """
        local meta = redis.call('HMGET', KEYS[1], 'status', 'turn_id', 'owner')
        if meta[1] ~= 'running' or meta[2] ~= ARGV[1] or meta[3] ~= ARGV[2] then return 0 end
        local holder = redis.call('GET', KEYS[2])
        if holder == ARGV[2] then return redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
        if not holder then
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            return 1
        end
        return 0
        """;

    // Appends only while this turn is the session's running turn and the caller still owns it: a late writer — a
    // cancelled, paused or partitioned executor whose lease was taken over — is fenced off instead of writing after
    // the finish chunk or interleaving with its successor.
    private const string PublishScript = """
        local meta = redis.call('HMGET', KEYS[1], 'status', 'turn_id', 'owner')
        if meta[1] ~= 'running' or meta[2] ~= ARGV[1] or (ARGV[5] ~= '' and meta[3] ~= ARGV[5]) then return false end
        local id = redis.call('XADD', KEYS[2], '*', 'd', ARGV[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[2])
        redis.call('ZADD', KEYS[3], ARGV[6], ARGV[7])
        return id
        """;

    // Before usage reserves for a turn about to be recorded: the release is owed from then on (see TurnSubmitter).
    private const string OweReleaseScript = """
        redis.call('HSET', KEYS[2], 'session_id', ARGV[2], 'user_id', ARGV[3])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
        return 1
        """;

    // One duty of an ended turn done; the turn leaves the unsettled list with its last one.
    private const string SettleScript = """
        redis.call('HDEL', KEYS[2], ARGV[2])
        if redis.call('HEXISTS', KEYS[2], 'notice') == 0 and redis.call('HEXISTS', KEYS[2], 'user_id') == 0
            and redis.call('HEXISTS', KEYS[2], 'continuation') == 0 then
            redis.call('DEL', KEYS[2])
            redis.call('ZREM', KEYS[1], ARGV[1])
        end
        return 1
        """;

    // Compare-and-set from running: exactly one caller wins, and only the winner appends the terminal chunks and
    // force-releases the executor's cluster lock (so Stop followed by a new message never waits for a lease to lapse).
    // Everything happens in one script so no crash can leave a completed meta without its finish chunk — nor an end
    // whose duties (the history's notice, usage's announcement) are forgotten: they are recorded as unsettled with it.
    private const string CompleteScript = """
        local meta = redis.call('HMGET', KEYS[1], 'status', 'turn_id', 'owner')
        if meta[1] ~= 'running' or (ARGV[1] ~= '' and meta[2] ~= ARGV[1]) then return false end
        if ARGV[8] ~= '' and meta[3] ~= ARGV[8] then return false end
        redis.call('HSET', KEYS[1], 'status', ARGV[2], 'completed_at', ARGV[3])
        redis.call('DEL', KEYS[3])
        redis.call('ZREM', KEYS[4], ARGV[9])
        local last
        if ARGV[4] ~= '' then
            last = redis.call('XADD', KEYS[2], '*', 'd', ARGV[4])
            redis.call('PUBLISH', ARGV[6], last .. ' ' .. ARGV[4])
        end
        last = redis.call('XADD', KEYS[2], '*', 'd', ARGV[5])
        redis.call('PUBLISH', ARGV[6], last .. ' ' .. ARGV[5])
        redis.call('PEXPIRE', KEYS[2], ARGV[7])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        if ARGV[10] ~= '' or ARGV[11] ~= '' or ARGV[14] ~= '' then
            redis.call('HSET', KEYS[6], 'session_id', ARGV[9])
            if ARGV[10] ~= '' then redis.call('HSET', KEYS[6], 'notice', ARGV[10]) end
            if ARGV[11] ~= '' then redis.call('HSET', KEYS[6], 'user_id', ARGV[11]) end
            if ARGV[14] ~= '' then redis.call('HSET', KEYS[6], 'continuation', ARGV[14]) end
            redis.call('PEXPIRE', KEYS[6], ARGV[13])
            redis.call('ZADD', KEYS[5], ARGV[12], meta[2])
        end
        return last
        """;

    private static readonly string FinishJson = new FinishChunk().ToJson();

    private readonly IDatabase _db = redis.GetDatabase();
    private readonly TurnStoreOptions _options = options.Value;

    /// <summary>Records a new running turn for the session; false (and nothing written) when a turn is already running.</summary>
    public async Task<bool> TryCreateTurnAsync(Guid sessionId, Guid turnId, string userId, string origin)
    {
        var now = time.GetUtcNow();
        var created = await _db.ScriptEvaluateAsync(CreateScript, [RedisKeys.TurnMeta(sessionId), RedisKeys.ActiveTurns],
        [
            turnId.ToString(), userId, now.ToString("O", CultureInfo.InvariantCulture), origin,
            (long)_options.RunningTtl.TotalMilliseconds, now.ToUnixTimeMilliseconds(), sessionId.ToString(),
        ]);
        return (long)created == 1;
    }

    /// <summary>Makes <paramref name="owner"/> the only writer of the running turn; false when the turn is no longer running.</summary>
    public async Task<bool> ClaimTurnAsync(Guid sessionId, Guid turnId, string owner) =>
        (long)await _db.ScriptEvaluateAsync(ClaimScript, [RedisKeys.TurnMeta(sessionId)], [turnId.ToString(), owner]) == 1;

    /// <summary>
    /// Extends the executor's session lease while <paramref name="lease"/>'s owner still runs <paramref name="turnId"/>;
    /// false means the turn was ended or taken over elsewhere and the worker must stop it.
    /// </summary>
    public async Task<bool> RenewTurnLeaseAsync(Guid sessionId, Guid turnId, RedisLease lease) =>
        (long)await _db.ScriptEvaluateAsync(RenewLeaseScript, [RedisKeys.TurnMeta(sessionId), lease.Key],
            [turnId.ToString(), lease.Token, (long)lease.Duration.TotalMilliseconds]) == 1;

    public async Task<TurnMeta?> GetMetaAsync(Guid sessionId)
    {
        var entries = await _db.HashGetAllAsync(RedisKeys.TurnMeta(sessionId));
        return ParseMeta(sessionId, entries);
    }

    /// <summary>Whether <paramref name="id"/> is an entry of the turn's stream (a client's <c>Last-Event-ID</c> names one turn's entry).</summary>
    public async Task<bool> StreamHoldsAsync(Guid turnId, StreamEntryId id) =>
        (await _db.StreamRangeAsync(RedisKeys.TurnStream(turnId), id.ToString(), id.ToString(), count: 1)).Length == 1;

    /// <summary>Reads many sessions' status in one round trip (session lists show <c>is_processing</c>).</summary>
    public async Task<IReadOnlyDictionary<Guid, bool>> AreRunningAsync(IReadOnlyCollection<Guid> sessionIds)
    {
        var batch = _db.CreateBatch();
        var lookups = sessionIds.ToDictionary(id => id, id => batch.HashGetAsync(RedisKeys.TurnMeta(id), "status"));
        batch.Execute();
        await Task.WhenAll(lookups.Values);
        return lookups.ToDictionary(pair => pair.Key, pair => pair.Value.Result == TurnStatus.Running);
    }

    /// <summary>
    /// Appends a chunk to the turn's stream. Returns null when the turn is no longer the session's running turn:
    /// the caller must stop producing output.
    /// </summary>
    public async Task<StreamEntryId?> PublishAsync(Guid sessionId, Guid turnId, UiChunk chunk, string? owner = null)
    {
        var result = await _db.ScriptEvaluateAsync(PublishScript,
            [RedisKeys.TurnMeta(sessionId), RedisKeys.TurnStream(turnId), RedisKeys.ActiveTurns],
            [
                turnId.ToString(), chunk.ToJson(), (long)_options.RunningTtl.TotalMilliseconds, RedisKeys.TurnNotify(turnId).ToString(),
                owner ?? "", time.GetUtcNow().ToUnixTimeMilliseconds(), sessionId.ToString(),
            ]);
        return result.IsNull ? null : Parse((string?)result);
    }

    /// <summary>Running sessions whose last chunk (or start) is older than <paramref name="idleFor"/>.</summary>
    public async Task<IReadOnlyList<Guid>> FindIdleTurnsAsync(TimeSpan idleFor)
    {
        var cutoff = (time.GetUtcNow() - idleFor).ToUnixTimeMilliseconds();
        var members = await _db.SortedSetRangeByScoreAsync(RedisKeys.ActiveTurns, double.NegativeInfinity, cutoff);
        return [.. members.Select(m => Guid.TryParse(m.ToString(), out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty)];
    }

    /// <summary>
    /// Whether the session's running turn has still been silent for <paramref name="idleFor"/>, checked now: a sweep
    /// that found it idle a while ago must not end a turn that has since written, or the session's next turn.
    /// </summary>
    public async Task<bool> IsStillIdleAsync(Guid sessionId, TimeSpan idleFor) =>
        await _db.SortedSetScoreAsync(RedisKeys.ActiveTurns, sessionId.ToString()) is { } lastActivity
        && lastActivity <= (time.GetUtcNow() - idleFor).ToUnixTimeMilliseconds();

    /// <summary>Drops a session from the idle index (its meta expired or vanished, so there is no turn left to end).</summary>
    public Task ForgetIdleAsync(Guid sessionId) => _db.SortedSetRemoveAsync(RedisKeys.ActiveTurns, sessionId.ToString());

    /// <summary>
    /// Ends the session's running turn (optionally only if it is <paramref name="turnId"/>): <c>failed</c> with an
    /// error chunk when <paramref name="errorText"/> is set, else <c>completed</c>. Returns false when another caller
    /// already ended it; then nothing is written.
    /// </summary>
    /// <param name="owner">When set, only succeeds while this owner holds the turn (see <see cref="ClaimTurnAsync"/>).</param>
    /// <param name="failed">Ends it as failed even without an error chunk (a user's Stop shows no error).</param>
    /// <param name="notice">
    /// The history row the winner still owes (an error card); recorded with the end, with the announcement usage is owed
    /// for a user's turn, until <see cref="SettleAsync"/> says each is done (see <see cref="UnsettledTurnEnd"/>).
    /// </param>
    /// <param name="continuation">The ended turn, when the winner still owes its queued follow-ups a turn of their own.</param>
    public async Task<bool> MarkCompletedAsync(Guid sessionId, Guid? turnId, string? errorText, string? owner = null, bool failed = false,
        string? notice = null, RunCopilotTurn? continuation = null)
    {
        var status = failed || errorText is not null ? TurnStatus.Failed : TurnStatus.Completed;
        var meta = await GetMetaAsync(sessionId);
        if (meta is null || (turnId is { } expected && meta.TurnId != expected))
        {
            return false;
        }

        var now = time.GetUtcNow();
        var result = await _db.ScriptEvaluateAsync(CompleteScript,
            [
                RedisKeys.TurnMeta(sessionId), RedisKeys.TurnStream(meta.TurnId), RedisKeys.SessionLock(sessionId), RedisKeys.ActiveTurns,
                RedisKeys.UnsettledTurnEnds, RedisKeys.UnsettledTurnEnd(meta.TurnId),
            ],
            [
                meta.TurnId.ToString(),
                status,
                now.ToString("O", CultureInfo.InvariantCulture),
                errorText is null ? "" : new ErrorChunk(errorText).ToJson(),
                FinishJson,
                RedisKeys.TurnNotify(meta.TurnId).ToString(),
                (long)_options.CompletedTtl.TotalMilliseconds,
                owner ?? "",
                sessionId.ToString(),
                notice ?? "",
                meta.UserId,
                now.ToUnixTimeMilliseconds(),
                (long)UnsettledTurnEnd.Kept.TotalMilliseconds,
                continuation is null ? "" : JsonSerializer.Serialize(continuation, JsonSerializerOptions.Web),
            ]);
        var won = !result.IsNull;
        if (won)
        {
            LogTurnEnded(sessionId, meta.TurnId, status);
        }

        return won;
    }

    /// <summary>
    /// Records, before usage is asked to admit a turn, that its reservation is owed back: released by whoever decides the
    /// turn will not run, announced by its end when it does, or by the executors' sweep when neither happens.
    /// </summary>
    public Task OweReleaseAsync(Guid sessionId, Guid turnId, string userId) =>
        _db.ScriptEvaluateAsync(OweReleaseScript, [RedisKeys.UnsettledTurnEnds, RedisKeys.UnsettledTurnEnd(turnId)],
            [turnId.ToString(), sessionId.ToString(), userId, time.GetUtcNow().ToUnixTimeMilliseconds(), (long)UnsettledTurnEnd.Kept.TotalMilliseconds]);

    /// <summary>One duty of an ended turn is done; its record goes with the last one.</summary>
    public Task SettleAsync(Guid turnId, TurnEndDuty duty) =>
        _db.ScriptEvaluateAsync(SettleScript, [RedisKeys.UnsettledTurnEnds, RedisKeys.UnsettledTurnEnd(turnId)],
            [turnId.ToString(), duty switch { TurnEndDuty.Notice => "notice", TurnEndDuty.Announcement => "user_id", _ => "continuation" }]);

    /// <summary>Turn ends with duties still open <paramref name="olderThan"/> after they happened: nobody is left to do them.</summary>
    public async Task<IReadOnlyList<UnsettledTurnEnd>> FindUnsettledAsync(TimeSpan olderThan)
    {
        var cutoff = (time.GetUtcNow() - olderThan).ToUnixTimeMilliseconds();
        var members = await _db.SortedSetRangeByScoreAsync(RedisKeys.UnsettledTurnEnds, double.NegativeInfinity, cutoff, take: 100);
        var found = new List<UnsettledTurnEnd>();
        foreach (var member in members)
        {
            if (!Guid.TryParse(member.ToString(), out var turnId))
            {
                await _db.SortedSetRemoveAsync(RedisKeys.UnsettledTurnEnds, member);
                continue;
            }

            var fields = (await _db.HashGetAllAsync(RedisKeys.UnsettledTurnEnd(turnId))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
            if (!Guid.TryParse(fields.GetValueOrDefault("session_id"), out var sessionId))
            {
                // Its record expired (or it was settled between the two reads): nothing is left to do.
                await _db.SortedSetRemoveAsync(RedisKeys.UnsettledTurnEnds, member);
                continue;
            }

            found.Add(new UnsettledTurnEnd(turnId, sessionId, fields.GetValueOrDefault("notice"), fields.GetValueOrDefault("user_id"),
                ContinuationOf(fields.GetValueOrDefault("continuation"))));
        }

        return found;
    }

    private static RunCopilotTurn? ContinuationOf(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<RunCopilotTurn>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            // Written by another version: the follow-ups then wait for the session's next message.
            return null;
        }
    }

    private static StreamEntryId? Parse(string? id) => StreamEntryId.TryParse(id, out var parsed) ? parsed : null;

    private static TurnMeta? ParseMeta(Guid sessionId, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        if (!Guid.TryParse(fields.GetValueOrDefault("turn_id"), out var turnId))
        {
            return null;
        }

        DateTimeOffset.TryParse(fields.GetValueOrDefault("started_at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var startedAt);
        return new TurnMeta(sessionId, turnId, fields.GetValueOrDefault("status") ?? "", fields.GetValueOrDefault("user_id") ?? "",
            startedAt, fields.GetValueOrDefault("origin") ?? "", fields.GetValueOrDefault("owner"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} of session {SessionId} ended as {Status}")]
    private partial void LogTurnEnded(Guid sessionId, Guid turnId, string status);
}
