using Copilot.Contracts;
using Copilot.Usage.BillingClient;
using Copilot.Usage.Limits;
using Copilot.Usage.Periods;
using Copilot.Usage.Redis;
using Microsoft.Extensions.Options;

namespace Copilot.Usage.Status;

/// <summary>
/// A user's usage status (the seed's <c>get_global_rate_limits</c> + <c>get_usage_status</c>). Fails open: with
/// Redis down the counters read as 0 and the tier comes from billing.
/// </summary>
public sealed partial class UsageStatusService(
    IUsageStore store,
    IBilling billing,
    IOptions<UsageOptions> options,
    TimeProvider time,
    ILogger<UsageStatusService> logger)
{
    public async Task<UsageStatus> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        UserUsageState state;
        try
        {
            state = await store.ReadAsync(userId, now);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogReadFailedOpen(exception, userId);
            state = UserUsageState.Empty;
        }

        return await ToStatusAsync(userId, state, now, cancellationToken);
    }

    /// <summary>
    /// The status, or null when Redis cannot be read: for decisions that must not take "unreadable" for "unused"
    /// (the paid reset's re-check under its lock).
    /// </summary>
    public async Task<UsageStatus?> TryGetExactAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            return await ToStatusAsync(userId, await store.ReadAsync(userId, now), now, cancellationToken);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            LogReadFailed(exception, userId);
            return null;
        }
    }

    private async Task<UsageStatus> ToStatusAsync(string userId, UserUsageState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tier = state.Tier ?? await LookUpTierAsync(userId, cancellationToken);
        var settings = options.Value;
        var limits = LimitPolicy.Resolve(settings, tier, state.Overrides);
        return new UsageStatus(
            new UsageWindow(state.DailyUsed, limits.Daily, UsageWindows.DailyResetAt(now)),
            new UsageWindow(state.WeeklyUsed, limits.Weekly, UsageWindows.WeeklyResetAt(now)),
            tier,
            // Advertising a price the ladder would refuse anyway would only produce 400s.
            settings.EnableCredit ? settings.RateLimitResetCostCents : 0);
    }

    /// <summary>
    /// The tier when usage has none stored (no <c>SubscriptionTierChanged</c> seen yet): billing's answer, cached;
    /// FREE when billing does not answer, not cached, so the next call asks again.
    /// </summary>
    public async Task<SubscriptionTier> LookUpTierAsync(string userId, CancellationToken cancellationToken)
    {
        if (await billing.GetTierAsync(userId, cancellationToken) is not { } tier)
        {
            return SubscriptionTier.Free;
        }

        await store.SaveLookedUpTierAsync(userId, tier);
        return tier;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable reading usage of user {UserId}")]
    private partial void LogReadFailed(Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable reading usage of user {UserId}; reporting it as unused")]
    private partial void LogReadFailedOpen(Exception exception, string userId);
}
