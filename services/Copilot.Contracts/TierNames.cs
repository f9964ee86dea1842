namespace Copilot.Contracts;

/// <summary>
/// How <see cref="SubscriptionTier"/> is spelled outside .NET — billing's API and Stripe metadata, usage's Redis tier
/// hash and the admission script that reads it: the seed's upper-case names (<c>FREE</c>, <c>PRO</c>, <c>BUSINESS</c>,
/// <c>ENTERPRISE</c>).
/// </summary>
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

    /// <summary>Exact upper-case names only, like the seed's <c>Literal</c> type and the admission script's lookup.</summary>
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
}
