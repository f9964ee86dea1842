using System.Text.Json;
using Copilot.Chat.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Copilot.Chat.FollowUps;

/// <summary>
/// Follow-ups typed while a turn runs, in <c>copilot:pending:{session}</c>: capped at <see cref="MaxMessages"/> (the
/// newest win), expiring after <see cref="Ttl"/>, drained by the running turn at its next tool boundary.
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

    // The newest entry whose content matches, removed in the same atomic step that finds it: a drain (LPOP) either
    // took it first, and nothing is removed, or finds it gone.
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
    /// Puts drained follow-ups back after they could not be stored, so none is lost; a message Redis refuses is logged
    /// and skipped rather than failing the turn. They are re-sorted by enqueue time when drained again.
    /// </summary>
    public async Task RequeueAsync(Guid sessionId, IReadOnlyList<FollowUp> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                await PushAsync(sessionId, message);
            }
            catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
            {
                LogRequeueFailed(exception, sessionId);
            }
        }
    }

    /// <summary>Everything queued, oldest first, without consuming it (the UI restores its "queued" chips from this).</summary>
    public async Task<IReadOnlyList<FollowUp>> PeekAsync(Guid sessionId) =>
        Decode(sessionId, await _db.ListRangeAsync(RedisKeys.FollowUps(sessionId)));

    /// <summary>
    /// Withdraws one queued follow-up with exactly this content (the newest such, when the user typed it twice) and
    /// returns how many stay queued; null when none is queued any more (a turn took it in already).
    /// </summary>
    public async Task<int?> RemoveAsync(Guid sessionId, string content) =>
        (int)await _db.ScriptEvaluateAsync(RemoveNewestMatchScript, [RedisKeys.FollowUps(sessionId)], [content]) is var left and >= 0
            ? left
            : null;

    /// <summary>Takes everything queued in one <c>LPOP key count</c>, oldest first.</summary>
    public async Task<IReadOnlyList<FollowUp>> DrainAsync(Guid sessionId) =>
        Decode(sessionId, await _db.ListLeftPopAsync(RedisKeys.FollowUps(sessionId), MaxMessages) ?? []);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-queue a follow-up of session {SessionId}")]
    private partial void LogRequeueFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping a malformed pending message of session {SessionId}")]
    private partial void LogMalformedEntry(Guid sessionId);
}
