using Copilot.Contracts;

namespace Copilot.Usage.Limits;

/// <summary>A user's caps in microdollars (0 = unlimited) and the tier they were derived from.</summary>
public sealed record EffectiveLimits(long Daily, long Weekly, SubscriptionTier Tier);

/// <summary>Admin-set absolute caps for one user; null keeps the tier-scaled base limit.</summary>
public sealed record LimitOverrides(long? Daily, long? Weekly)
{
    public static readonly LimitOverrides None = new(null, null);
}

/// <summary>
/// base × tier multiplier, unless an admin override replaces it. The admission Lua script applies the same rule inside
/// Redis (so the hot path is one round trip); keep the two in step.
/// </summary>
public static class LimitPolicy
{
    /// <summary>Ints on purpose (as in the seed) so limits stay whole microdollars.</summary>
    public static readonly IReadOnlyDictionary<SubscriptionTier, int> TierMultipliers = new Dictionary<SubscriptionTier, int>
    {
        [SubscriptionTier.Free] = 1,
        [SubscriptionTier.Pro] = 5,
        [SubscriptionTier.Business] = 20,
        [SubscriptionTier.Enterprise] = 60,
    };

    public static EffectiveLimits Resolve(UsageOptions options, SubscriptionTier tier, LimitOverrides overrides)
    {
        if (!options.LimitingEnabled)
        {
            return new EffectiveLimits(0, 0, tier);
        }

        var multiplier = TierMultipliers[tier];
        return new EffectiveLimits(
            overrides.Daily ?? options.DailyCostLimitMicrodollars * multiplier,
            overrides.Weekly ?? options.WeeklyCostLimitMicrodollars * multiplier,
            tier);
    }
}
