using Copilot.Contracts;

namespace Copilot.Usage.Limits;

/// <summary>The seed's tier spelling (<c>FREE</c>, <c>PRO</c>, …), used in JSON and in Redis.</summary>
public static class TierNames
{
    public static string ToName(SubscriptionTier tier) => tier.ToString().ToUpperInvariant();

    public static SubscriptionTier? Parse(string? name) =>
        Enum.TryParse<SubscriptionTier>(name, ignoreCase: true, out var tier) && Enum.IsDefined(tier) && !int.TryParse(name, out _)
            ? tier
            : null;
}
