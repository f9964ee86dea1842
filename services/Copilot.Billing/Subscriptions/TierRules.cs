using Copilot.Contracts;

namespace Copilot.Billing.Subscriptions;

/// <summary>Which tiers a user may buy, and which changes are upgrades (charged now) rather than downgrades.</summary>
public static class TierRules
{
    public static bool IsPaidSelfService(SubscriptionTier tier) => tier is SubscriptionTier.Pro or SubscriptionTier.Business;

    /// <summary>The enum is declared cheapest first, so its order is the upgrade order.</summary>
    public static bool IsUpgrade(SubscriptionTier from, SubscriptionTier to) => to > from;
}
