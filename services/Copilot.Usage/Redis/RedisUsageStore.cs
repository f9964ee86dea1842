using Copilot.Contracts;
using Copilot.Usage.Limits;
using Copilot.Usage.Periods;
using StackExchange.Redis;

namespace Copilot.Usage.Redis;

public sealed partial class RedisUsageStore(IConnectionMultiplexer redis, ILogger<RedisUsageStore> logger) : IUsageStore
{
    /// <summary>A looked-up tier is a cache of billing's answer; events keep it fresh, the TTL heals a missed one.</summary>
    private static readonly TimeSpan LookedUpTierTtl = TimeSpan.FromDays(1);

    private IDatabase Db => redis.GetDatabase();

    public async Task<UserUsageState> ReadAsync(string userId, DateTimeOffset now)
    {
        var batch = Db.CreateBatch();
        var daily = batch.StringGetAsync(UsageKeys.Daily(userId, now));
        var weekly = batch.StringGetAsync(UsageKeys.Weekly(userId, now));
        var tier = batch.HashGetAsync(UsageKeys.Tier(userId), "tier");
        var overrides = batch.HashGetAsync(UsageKeys.LimitOverrides(userId), ["daily", "weekly"]);
        batch.Execute();
        await Task.WhenAll(daily, weekly, tier, overrides);
        return new UserUsageState(
            AsLong(await daily) ?? 0,
            AsLong(await weekly) ?? 0,
            TierNames.TryParse(await tier, out var storedTier) ? storedTier : null,
            new LimitOverrides(AsLong((await overrides)[0]), AsLong((await overrides)[1])));
    }

    public async Task SaveLookedUpTierAsync(string userId, SubscriptionTier tier)
    {
        try
        {
            await TierWriter.SetAsync(Db, userId, tier, effectiveAtMs: 0, TierWriter.SourceLookup, LookedUpTierTtl);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogRedisFailure(exception, "cache the tier", userId);
        }
    }

    public async Task<long?> GetDailyResetCountAsync(string userId, DateTimeOffset now)
    {
        try
        {
            return AsLong(await Db.StringGetAsync(UsageKeys.ResetCount(userId, now))) ?? 0;
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogRedisFailure(exception, "read the reset count", userId);
            return null;
        }
    }

    public async Task<bool> TryAcquireResetLockAsync(string userId, TimeSpan ttl)
    {
        try
        {
            return await Db.StringSetAsync(UsageKeys.ResetLock(userId), "1", ttl, When.NotExists);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogRedisFailure(exception, "take the reset lock", userId);
            return false;
        }
    }

    public async Task ReleaseResetLockAsync(string userId)
    {
        try
        {
            await Db.KeyDeleteAsync(UsageKeys.ResetLock(userId));
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogRedisFailure(exception, "release the reset lock", userId);
        }
    }

    public async Task<bool> ResetDailyUsageAsync(string userId, long dailyLimit, DateTimeOffset now)
    {
        try
        {
            await Db.ScriptEvaluateAsync(UsageScripts.ResetDaily,
                [UsageKeys.Daily(userId, now), UsageKeys.Weekly(userId, now)], [Math.Max(0, dailyLimit)]);
            return true;
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogRedisFailure(exception, "reset the daily counter", userId);
            return false;
        }
    }

    public async Task IncrementDailyResetCountAsync(string userId, DateTimeOffset now)
    {
        try
        {
            await Db.ScriptEvaluateAsync(UsageScripts.IncrementWithTtl,
                [UsageKeys.ResetCount(userId, now)], [(long)UsageWindows.UntilDailyReset(now).TotalSeconds]);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogRedisFailure(exception, "count the reset", userId);
        }
    }

    /// <summary>A missing key or field is null, not 0 (RedisValue.Null parses as 0, which would read as "unlimited").</summary>
    internal static long? AsLong(RedisValue value) => !value.IsNull && value.TryParse(out long parsed) ? parsed : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable; could not {Operation} for user {UserId}")]
    private partial void LogRedisFailure(Exception exception, string operation, string userId);
}
