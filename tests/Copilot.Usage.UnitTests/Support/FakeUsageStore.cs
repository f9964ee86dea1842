using Copilot.Contracts;
using Copilot.Usage.Redis;
using StackExchange.Redis;

namespace Copilot.Usage.UnitTests.Support;

/// <summary>An in-memory <see cref="IUsageStore"/> whose Redis failures are switched on per operation.</summary>
public sealed class FakeUsageStore : IUsageStore
{
    public UserUsageState State { get; set; } = UserUsageState.Empty;

    public bool ReadFails { get; set; }

    /// <summary>Reads that succeed before every later one fails (null = <see cref="ReadFails"/> decides).</summary>
    public int? ReadsBeforeFailing { get; set; }

    public TimeSpan? LockTtl { get; private set; }

    public long? ResetCount { get; set; } = 0;

    public bool LockAvailable { get; set; } = true;

    public bool ResetFails { get; set; }

    public int Reads { get; private set; }

    public int LockReleases { get; private set; }

    public List<(string UserId, long DailyLimit)> DailyResets { get; } = [];

    public int ResetCountIncrements { get; private set; }

    public List<(string UserId, SubscriptionTier Tier)> SavedTiers { get; } = [];

    public Task<UserUsageState> ReadAsync(string userId, DateTimeOffset now)
    {
        Reads++;
        return ReadFails || Reads > ReadsBeforeFailing
            ? throw new RedisTimeoutException(CommandFlags.None, "Redis is down (test)", CommandStatus.Unknown)
            : Task.FromResult(State);
    }

    public Task SaveLookedUpTierAsync(string userId, SubscriptionTier tier)
    {
        SavedTiers.Add((userId, tier));
        return Task.CompletedTask;
    }

    public Task<long?> GetDailyResetCountAsync(string userId, DateTimeOffset now) => Task.FromResult(ResetCount);

    public Task<bool> TryAcquireResetLockAsync(string userId, TimeSpan ttl)
    {
        LockTtl = ttl;
        return Task.FromResult(LockAvailable);
    }

    public Task ReleaseResetLockAsync(string userId)
    {
        LockReleases++;
        return Task.CompletedTask;
    }

    public Task<bool> ResetDailyUsageAsync(string userId, long dailyLimit, DateTimeOffset now)
    {
        if (ResetFails)
        {
            return Task.FromResult(false);
        }

        DailyResets.Add((userId, dailyLimit));
        State = State with { DailyUsed = 0, WeeklyUsed = Math.Max(0, State.WeeklyUsed - dailyLimit) };
        return Task.FromResult(true);
    }

    public Task IncrementDailyResetCountAsync(string userId, DateTimeOffset now)
    {
        ResetCountIncrements++;
        return Task.CompletedTask;
    }
}
