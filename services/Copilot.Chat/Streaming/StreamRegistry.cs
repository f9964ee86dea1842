using System.Globalization;
using Copilot.Chat.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Copilot.Chat.Streaming;

/// <summary>
/// Writes a turn's lifecycle to Redis: the session meta hash, the turn's chunk stream, and the push notification
/// readers listen to. Shared by chat-api (creates turns, force-fails stuck ones) and executors (publish, complete).
/// </summary>
public sealed partial class StreamRegistry(
    IConnectionMultiplexer redis,
    IOptions<StreamRegistryOptions> options,
    TimeProvider time,
    ILogger<StreamRegistry> logger)
{
    // Appends only while this turn is the session's running turn: once a turn is completed (or replaced), a late
    // writer — a cancelled or partitioned executor — is fenced off instead of writing after the finish chunk.
    private const string PublishScript = """
        local meta = redis.call('HMGET', KEYS[1], 'status', 'turn_id')
        if meta[1] ~= 'running' or meta[2] ~= ARGV[1] then return false end
        local id = redis.call('XADD', KEYS[2], '*', 'd', ARGV[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[2])
        return id
        """;

    // Compare-and-set from running: exactly one caller wins, and only the winner appends the terminal chunks and
    // force-releases the executor's cluster lock (so Stop followed by a new message never waits for a lease to lapse).
    // Everything happens in one script so no crash can leave a completed meta without its finish chunk.
    private const string CompleteScript = """
        local meta = redis.call('HMGET', KEYS[1], 'status', 'turn_id')
        if meta[1] ~= 'running' or (ARGV[1] ~= '' and meta[2] ~= ARGV[1]) then return false end
        redis.call('HSET', KEYS[1], 'status', ARGV[2], 'completed_at', ARGV[3])
        redis.call('DEL', KEYS[3])
        local last
        if ARGV[4] ~= '' then
            last = redis.call('XADD', KEYS[2], '*', 'd', ARGV[4])
            redis.call('PUBLISH', ARGV[6], last .. ' ' .. ARGV[4])
        end
        last = redis.call('XADD', KEYS[2], '*', 'd', ARGV[5])
        redis.call('PUBLISH', ARGV[6], last .. ' ' .. ARGV[5])
        redis.call('PEXPIRE', KEYS[2], ARGV[7])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        return last
        """;

    private static readonly string FinishJson = new FinishChunk().ToJson();

    private readonly IDatabase _db = redis.GetDatabase();
    private readonly StreamRegistryOptions _options = options.Value;

    /// <summary>Records a new running turn for the session, replacing whatever turn the meta described before.</summary>
    public async Task CreateTurnAsync(Guid sessionId, Guid turnId, string userId, string origin)
    {
        var key = RedisKeys.TurnMeta(sessionId);
        var transaction = _db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        _ = transaction.HashSetAsync(key,
        [
            new HashEntry("turn_id", turnId.ToString()),
            new HashEntry("status", TurnStatus.Running),
            new HashEntry("user_id", userId),
            new HashEntry("started_at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)),
            new HashEntry("origin", origin),
        ]);
        _ = transaction.KeyExpireAsync(key, _options.RunningTtl);
        await transaction.ExecuteAsync();
    }

    public async Task<TurnMeta?> GetMetaAsync(Guid sessionId)
    {
        var entries = await _db.HashGetAllAsync(RedisKeys.TurnMeta(sessionId));
        return ParseMeta(sessionId, entries);
    }

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
    public async Task<StreamEntryId?> PublishAsync(Guid sessionId, Guid turnId, UiChunk chunk)
    {
        var result = await _db.ScriptEvaluateAsync(PublishScript,
            [RedisKeys.TurnMeta(sessionId), RedisKeys.TurnStream(turnId)],
            [turnId.ToString(), chunk.ToJson(), (long)_options.RunningTtl.TotalMilliseconds, RedisKeys.TurnNotify(turnId).ToString()]);
        return result.IsNull ? null : Parse((string?)result);
    }

    /// <summary>
    /// Ends the session's running turn (optionally only if it is <paramref name="turnId"/>): <c>failed</c> with an
    /// error chunk when <paramref name="errorText"/> is set, else <c>completed</c>. Returns false when another caller
    /// already ended it; then nothing is written.
    /// </summary>
    public async Task<bool> MarkCompletedAsync(Guid sessionId, Guid? turnId, string? errorText) =>
        await EndTurnAsync(sessionId, turnId, errorText is null ? TurnStatus.Completed : TurnStatus.Failed, errorText);

    /// <summary>Ends the turn as failed without an error chunk: the user stopped it and needs no error shown.</summary>
    public Task<bool> MarkStoppedAsync(Guid sessionId, Guid turnId) => EndTurnAsync(sessionId, turnId, TurnStatus.Failed, errorText: null);

    private async Task<bool> EndTurnAsync(Guid sessionId, Guid? turnId, string status, string? errorText)
    {
        var meta = await GetMetaAsync(sessionId);
        if (meta is null || (turnId is { } expected && meta.TurnId != expected))
        {
            return false;
        }

        var result = await _db.ScriptEvaluateAsync(CompleteScript,
            [RedisKeys.TurnMeta(sessionId), RedisKeys.TurnStream(meta.TurnId), RedisKeys.SessionLock(sessionId)],
            [
                meta.TurnId.ToString(),
                status,
                time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                errorText is null ? "" : new ErrorChunk(errorText).ToJson(),
                FinishJson,
                RedisKeys.TurnNotify(meta.TurnId).ToString(),
                (long)_options.CompletedTtl.TotalMilliseconds,
            ]);
        var won = !result.IsNull;
        if (won)
        {
            LogTurnEnded(sessionId, meta.TurnId, status);
        }

        return won;
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
            startedAt, fields.GetValueOrDefault("origin") ?? "");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} of session {SessionId} ended as {Status}")]
    private partial void LogTurnEnded(Guid sessionId, Guid turnId, string status);
}
