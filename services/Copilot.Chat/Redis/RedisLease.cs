using StackExchange.Redis;

namespace Copilot.Chat.Redis;

/// <summary>
/// A Redis lock held as a lease: <c>SET NX PX</c> with a unique owner token, renewed and released only by its owner
/// (Lua compare-and-set), so a late release from a previous owner can never free a successor's lock.
/// </summary>
public sealed class RedisLease
{
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly IDatabase _db;

    private RedisLease(IDatabase db, RedisKey key, string token, TimeSpan duration)
    {
        _db = db;
        Key = key;
        Token = token;
        Duration = duration;
    }

    public RedisKey Key { get; }

    public string Token { get; }

    public TimeSpan Duration { get; }

    /// <summary>One attempt; null when someone else holds the key.</summary>
    public static async Task<RedisLease?> TryAcquireAsync(IDatabase db, RedisKey key, string ownerPrefix, TimeSpan duration)
    {
        var token = $"{ownerPrefix}:{Guid.NewGuid():N}";
        return await db.StringSetAsync(key, token, duration, When.NotExists)
            ? new RedisLease(db, key, token, duration)
            : null;
    }

    /// <summary>Retries until <paramref name="wait"/> elapses; null when the key stayed held.</summary>
    public static async Task<RedisLease?> AcquireAsync(
        IDatabase db, RedisKey key, string ownerPrefix, TimeSpan duration, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var lease = await TryAcquireAsync(db, key, ownerPrefix, duration);
            if (lease is not null || DateTime.UtcNow >= deadline)
            {
                return lease;
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary>Deletes the key only if this lease still owns it.</summary>
    public async Task<bool> ReleaseAsync() =>
        (long)await _db.ScriptEvaluateAsync(ReleaseScript, [Key], [Token]) == 1;
}
