using Copilot.Contracts;
using Copilot.Usage.Periods;
using StackExchange.Redis;

namespace Copilot.Usage.Redis;

/// <summary>Per-user settings admins and billing change: the tier, limit overrides, and counter resets.</summary>
public sealed class AccountSettingsStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>Billing's change, applied only if it is newer than what is stored (out-of-order and redelivery safe).</summary>
    public Task<bool> ApplyBillingTierAsync(string userId, SubscriptionTier tier, DateTimeOffset effectiveAt) =>
        TierWriter.SetAsync(Db, userId, tier, effectiveAt.ToUnixTimeMilliseconds(), TierWriter.SourceBilling);

    /// <summary>
    /// An admin change billing has confirmed, written at once instead of waiting for its event. Stamped with billing's
    /// <paramref name="effectiveAt"/>, so it orders with billing's own events like any of them.
    /// </summary>
    public Task<bool> SetAdminTierAsync(string userId, SubscriptionTier tier, DateTimeOffset effectiveAt) =>
        TierWriter.SetAsync(Db, userId, tier, effectiveAt.ToUnixTimeMilliseconds(), TierWriter.SourceAdmin);

    /// <summary>Sets or (with null) clears each cap; kept without TTL, they are configuration, not counters.</summary>
    public async Task SetLimitOverridesAsync(string userId, long? daily, long? weekly)
    {
        var key = UsageKeys.LimitOverrides(userId);
        var transaction = Db.CreateTransaction();
        _ = daily is { } d ? transaction.HashSetAsync(key, "daily", d) : transaction.HashDeleteAsync(key, "daily");
        _ = weekly is { } w ? transaction.HashSetAsync(key, "weekly", w) : transaction.HashDeleteAsync(key, "weekly");
        await transaction.ExecuteAsync();
    }

    /// <summary>The admin reset (free, unlike the paid one); throws when Redis is unavailable.</summary>
    public async Task ResetUsageAsync(string userId, bool resetWeekly, DateTimeOffset now)
    {
        RedisKey[] keys = resetWeekly ? [UsageKeys.Daily(userId, now), UsageKeys.Weekly(userId, now)] : [UsageKeys.Daily(userId, now)];
        await Db.KeyDeleteAsync(keys);
    }
}
