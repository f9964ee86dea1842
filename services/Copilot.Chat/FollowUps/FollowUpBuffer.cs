using System.Text.Json;
using Copilot.Chat.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Copilot.Chat.FollowUps;

/// <summary>
/// Follow-ups typed while a turn runs, in <c>copilot:pending:{session}</c>: capped at <see cref="MaxMessages"/> (the
/// newest win), expiring after <see cref="Ttl"/>, taken by the running turn at its next tool boundary. Taking is a claim,
/// not a pop (<see cref="ClaimAsync"/>): the follow-ups move to the session's claim list, owned by the turn, until it
/// confirms them stored. A worker that dies in between leaves them there for the session's next claim, which is told
/// whose they were, so nothing a 202 accepted exists only in a dead process's memory.
/// </summary>
public sealed partial class FollowUpBuffer(IConnectionMultiplexer redis, ILogger<FollowUpBuffer> logger)
{
    public const int MaxMessages = 10;
    public const int CallLimit = 30;
    public static readonly TimeSpan CallWindow = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    // Push, trim to the newest N, refresh the TTL and report the length in one atomic step.
    private const string CappedPushScript = """
        redis.call('RPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        return redis.call('LLEN', KEYS[1])
        """;

    // Fixed window: the TTL is set by the first call of the window only.
    private const string CountCallScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    // The newest entry whose content matches, removed in the same atomic step that finds it: a claim either took it
    // first, and nothing is removed, or finds it gone.
    private const string RemoveNewestMatchScript = """
        local entries = redis.call('LRANGE', KEYS[1], 0, -1)
        for i = #entries, 1, -1 do
          local ok, entry = pcall(cjson.decode, entries[i])
          if ok and type(entry) == 'table' and entry['content'] == ARGV[1] then
            redis.call('LREM', KEYS[1], -1, entries[i])
            return redis.call('LLEN', KEYS[1])
          end
        end
        return -1
        """;

    // Everything queued joins what an earlier claim left unconfirmed, now owned by ARGV[1]. Returns the earlier owner
    // ('' when none), how many entries were left by it, then those entries and the newly queued ones.
    private const string ClaimScript = """
        local held = redis.call('LRANGE', KEYS[2], 0, -1)
        local queued = redis.call('LRANGE', KEYS[1], 0, -1)
        if #held == 0 and #queued == 0 then return { '', '0' } end
        local heldBy = ''
        if #held > 0 then heldBy = redis.call('GET', KEYS[3]) or '' end
        redis.call('DEL', KEYS[1])
        for _, entry in ipairs(queued) do redis.call('RPUSH', KEYS[2], entry) end
        redis.call('EXPIRE', KEYS[2], ARGV[2])
        redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
        local result = { heldBy, tostring(#held) }
        for _, entry in ipairs(held) do table.insert(result, entry) end
        for _, entry in ipairs(queued) do table.insert(result, entry) end
        return result
        """;

    // Only the claim's owner settles it: a worker fenced off meanwhile must not drop what a newer turn claimed since.
    private const string ConfirmScript = """
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2])
        return 1
        """;

    // Back to the queue, capped like a push, for the next tool boundary or the next turn.
    private const string ReturnScript = """
        if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
        for _, entry in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do redis.call('RPUSH', KEYS[1], entry) end
        redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('DEL', KEYS[2], KEYS[3])
        return 1
        """;

    private readonly IDatabase _db = redis.GetDatabase();

    /// <summary>Queues a follow-up and returns the buffer's new length; the running turn is woken through pub/sub.</summary>
    public async Task<int> PushAsync(Guid sessionId, FollowUp message)
    {
        var length = (long)await _db.ScriptEvaluateAsync(CappedPushScript, [RedisKeys.FollowUps(sessionId)],
            [JsonSerializer.Serialize(message), MaxMessages, (long)Ttl.TotalSeconds]);
        try
        {
            await _db.PublishAsync(RedisKeys.FollowUpNotify(sessionId), "1", CommandFlags.FireAndForget);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            // The wake-up is a hint; the message is safely queued either way.
            LogNotifyFailed(exception, sessionId);
        }

        return (int)length;
    }

    /// <summary>
    /// Everything waiting, oldest first, without consuming it: the queue and what a claim still holds unconfirmed (the UI
    /// restores its "queued" chips from this, and a turn's end decides from it whether a follow-up turn must start).
    /// </summary>
    public async Task<IReadOnlyList<FollowUp>> PeekAsync(Guid sessionId)
    {
        var batch = _db.CreateBatch();
        var queued = batch.ListRangeAsync(RedisKeys.FollowUps(sessionId));
        var held = batch.ListRangeAsync(RedisKeys.FollowUpClaim(sessionId));
        batch.Execute();
        return Decode(sessionId, [.. await held, .. await queued]);
    }

    /// <summary>
    /// Withdraws one queued follow-up with exactly this content (the newest such, when the user typed it twice) and
    /// returns how many stay queued; null when none is queued any more (a turn took it in already).
    /// </summary>
    public async Task<int?> RemoveAsync(Guid sessionId, string content) =>
        (int)await _db.ScriptEvaluateAsync(RemoveNewestMatchScript, [RedisKeys.FollowUps(sessionId)], [content]) is var left and >= 0
            ? left
            : null;

    /// <summary>
    /// Claims everything waiting for <paramref name="turnId"/>, oldest first: the queue, and what an earlier claim left
    /// unconfirmed. <see cref="ConfirmAsync"/> once stored, <see cref="ReturnAsync"/> when they could not be.
    /// </summary>
    public async Task<FollowUpClaim> ClaimAsync(Guid sessionId, Guid turnId)
    {
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(ClaimScript,
            [RedisKeys.FollowUps(sessionId), RedisKeys.FollowUpClaim(sessionId), RedisKeys.FollowUpClaimOwner(sessionId)],
            [turnId.ToString(), (long)Ttl.TotalSeconds]))!;
        var heldCount = (int)result[1];
        var entries = result.Skip(2).Select(entry => (RedisValue)entry).ToArray();
        var unconfirmed = Decode(sessionId, entries[..heldCount]);
        return new FollowUpClaim(
            Decode(sessionId, entries[heldCount..]),
            unconfirmed,
            unconfirmed.Count > 0 && Guid.TryParse((string?)result[0], out var heldBy) ? heldBy : null);
    }

    /// <summary>The turn stored what it claimed (or the database refused it for good): the claim is done.</summary>
    public Task ConfirmAsync(Guid sessionId, Guid turnId) =>
        _db.ScriptEvaluateAsync(ConfirmScript, [RedisKeys.FollowUpClaim(sessionId), RedisKeys.FollowUpClaimOwner(sessionId)], [turnId.ToString()]);

    /// <summary>
    /// The turn could not store what it claimed: back to the queue, where they can be withdrawn again, to be claimed at
    /// the next tool boundary or by the next turn. If this fails too, the claim keeps them for the next claim.
    /// </summary>
    public async Task ReturnAsync(Guid sessionId, Guid turnId)
    {
        try
        {
            await _db.ScriptEvaluateAsync(ReturnScript,
                [RedisKeys.FollowUps(sessionId), RedisKeys.FollowUpClaim(sessionId), RedisKeys.FollowUpClaimOwner(sessionId)],
                [turnId.ToString(), MaxMessages, (long)Ttl.TotalSeconds]);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            LogReturnFailed(exception, sessionId);
        }
    }

    /// <summary>
    /// Counts one queue call for the user across all sessions and returns the count in the current minute. Fails open
    /// (returns 0) when Redis is unavailable: a rate limiter must not take chat down with it.
    /// </summary>
    public async Task<long> CountQueueCallAsync(string userId)
    {
        try
        {
            return (long)await _db.ScriptEvaluateAsync(CountCallScript, [RedisKeys.FollowUpCalls(userId)], [(long)CallWindow.TotalSeconds]);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            LogRateCheckFailed(exception, userId);
            return 0;
        }
    }

    private IReadOnlyList<FollowUp> Decode(Guid sessionId, RedisValue[] values)
    {
        var messages = new List<FollowUp>(values.Length);
        foreach (var value in values)
        {
            try
            {
                if (JsonSerializer.Deserialize<FollowUp>(value.ToString()) is { Content.Length: > 0 } message && message.IsStorable())
                {
                    messages.Add(message with { FileIds = message.FileIds ?? [] });
                    continue;
                }
            }
            catch (JsonException)
            {
                // Fall through to the warning: one corrupt entry must not cost the user the others, and one that could
                // never be stored is dropped rather than handed to every later turn of its session.
            }

            LogMalformedEntry(sessionId);
        }

        // Enqueue time, not list position: a re-queued message lands behind ones typed after it.
        return [.. messages.OrderBy(message => message.EnqueuedAt)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the pending wake-up for session {SessionId}")]
    private partial void LogNotifyFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pending-call rate check failed open for user {UserId}")]
    private partial void LogRateCheckFailed(Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not return the claimed follow-ups of session {SessionId} to its queue; the next claim takes them")]
    private partial void LogReturnFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping a malformed pending message of session {SessionId}")]
    private partial void LogMalformedEntry(Guid sessionId);
}
