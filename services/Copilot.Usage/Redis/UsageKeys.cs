using Copilot.Usage.Periods;
using StackExchange.Redis;

namespace Copilot.Usage.Redis;

/// <summary>
/// Every Redis key the usage service owns. Names are a contract (operators and other tools read them): change them
/// only with a prefix bump, as the seed did when counters moved from tokens to microdollars.
/// </summary>
public static class UsageKeys
{
    public const string Prefix = "copilot:cost";

    /// <summary>String counter, microdollars spent in the UTC day; expires at the next midnight UTC.</summary>
    public static RedisKey Daily(string userId, DateTimeOffset now) => $"{Prefix}:daily:{userId}:{UsageWindows.DayId(now)}";

    /// <summary>String counter, microdollars spent in the ISO week; expires at the next Monday 00:00 UTC.</summary>
    public static RedisKey Weekly(string userId, DateTimeOffset now) => $"{Prefix}:weekly:{userId}:{UsageWindows.WeekId(now)}";

    /// <summary>Marker that one LLM call (<c>LlmUsageRecorded.UsageId</c>) was counted; outlives any window it could touch.</summary>
    public static RedisKey SeenUsage(Guid usageId) => $"{Prefix}:seen:{usageId:N}";

    /// <summary>Marker that a turn's completion was processed, so a redelivery does not skew the estimate twice.</summary>
    public static RedisKey SeenTurn(Guid turnId) => $"{Prefix}:seen:turn:{turnId:N}";

    /// <summary>Hash turn id → <c>{remaining microdollars}:{expires at, unix ms}</c>: budget held by running turns.</summary>
    public static RedisKey Reserved(string userId) => $"{Prefix}:reserved:{userId}";

    /// <summary>String, the user's recent per-turn cost (exponentially weighted), what the next turn reserves.</summary>
    public static RedisKey TurnEstimate(string userId) => $"{Prefix}:turn_estimate:{userId}";

    /// <summary>Hash <c>tier, effective_at (unix ms), source (billing|admin|lookup)</c>: the tier limits are scaled by.</summary>
    public static RedisKey Tier(string userId) => $"copilot:tier:{userId}";

    /// <summary>Hash <c>daily, weekly</c>: admin-set absolute caps in microdollars; no TTL.</summary>
    public static RedisKey LimitOverrides(string userId) => $"copilot:limits:{userId}";

    /// <summary>Paid-reset lock (<c>SET NX EX</c>), so two resets cannot charge twice.</summary>
    public static RedisKey ResetLock(string userId) => $"copilot:reset_lock:{userId}";

    /// <summary>Paid resets used today; expires at the next midnight UTC.</summary>
    public static RedisKey ResetCount(string userId, DateTimeOffset now) => $"copilot:reset_count:{userId}:{UsageWindows.DayId(now)}";
}
