using Copilot.Contracts;

namespace Copilot.Billing.Accounts;

/// <summary>Tiers on the wire are the seed's upper-case names (<c>FREE</c>, <c>PRO</c>, <c>BUSINESS</c>, <c>ENTERPRISE</c>).</summary>
public static class TierNames
{
    public static string ToWire(SubscriptionTier tier) => tier switch
    {
        SubscriptionTier.Free => "FREE",
        SubscriptionTier.Pro => "PRO",
        SubscriptionTier.Business => "BUSINESS",
        SubscriptionTier.Enterprise => "ENTERPRISE",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, null),
    };

    /// <summary>Exact upper-case names only, like the seed's <c>Literal</c> type.</summary>
    public static bool TryParse(string? value, out SubscriptionTier tier)
    {
        (var ok, tier) = value switch
        {
            "FREE" => (true, SubscriptionTier.Free),
            "PRO" => (true, SubscriptionTier.Pro),
            "BUSINESS" => (true, SubscriptionTier.Business),
            "ENTERPRISE" => (true, SubscriptionTier.Enterprise),
            _ => (false, SubscriptionTier.Free),
        };
        return ok;
    }

    public static bool IsPaidSelfService(SubscriptionTier tier) => tier is SubscriptionTier.Pro or SubscriptionTier.Business;

    /// <summary>The enum is declared cheapest first, so its order is the upgrade order.</summary>
    public static bool IsUpgrade(SubscriptionTier from, SubscriptionTier to) => to > from;
}
