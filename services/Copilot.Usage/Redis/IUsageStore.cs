using Copilot.Contracts;
using Copilot.Usage.Limits;

namespace Copilot.Usage.Redis;

/// <summary>What Redis holds for one user right now.</summary>
public sealed record UserUsageState(long DailyUsed, long WeeklyUsed, SubscriptionTier? Tier, LimitOverrides Overrides)
{
    public static readonly UserUsageState Empty = new(0, 0, null, LimitOverrides.None);
}

/// <summary>
/// The counters behind status reads and the paid reset. Each member states how it behaves when Redis is
/// unavailable, because the reset ladder's answers (503 vs 429 vs refund) depend on it.
/// </summary>
public interface IUsageStore
{
    /// <summary>Both counters, the stored tier and the overrides in one round trip; throws when Redis is unavailable.</summary>
    Task<UserUsageState> ReadAsync(string userId, DateTimeOffset now);

    /// <summary>Caches a tier billing reported, unless billing or an admin already stored one; best effort.</summary>
    Task SaveLookedUpTierAsync(string userId, SubscriptionTier tier);

    /// <summary>Paid resets used today, or null when Redis is unavailable (the caller fails closed).</summary>
    Task<long?> GetDailyResetCountAsync(string userId, DateTimeOffset now);

    /// <summary>False when another reset holds the lock or Redis is unavailable.</summary>
    /// <param name="ttl">Must outlast everything done under the lock, or a second reset could start and charge again.</param>
    Task<bool> TryAcquireResetLockAsync(string userId, TimeSpan ttl);

    /// <summary>Best effort: the lock's TTL frees it anyway.</summary>
    Task ReleaseResetLockAsync(string userId);

    /// <summary>Clears today's counter and credits the week by <paramref name="dailyLimit"/>; false when Redis failed (the caller refunds).</summary>
    Task<bool> ResetDailyUsageAsync(string userId, long dailyLimit, DateTimeOffset now);

    /// <summary>Best effort: a lost increment costs one extra allowed reset, not a charge.</summary>
    Task IncrementDailyResetCountAsync(string userId, DateTimeOffset now);
}
