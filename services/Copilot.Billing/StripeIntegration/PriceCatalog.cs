using Copilot.Contracts;
using Microsoft.Extensions.Options;

namespace Copilot.Billing.StripeIntegration;

/// <summary>Which Stripe price each self-service tier sells (configuration in place of the seed's LaunchDarkly flags).</summary>
public sealed class PriceCatalog(IOptionsMonitor<BillingOptions> options)
{
    public string? PriceIdFor(SubscriptionTier tier) => tier switch
    {
        SubscriptionTier.Pro => Blank(options.CurrentValue.ProPriceId),
        SubscriptionTier.Business => Blank(options.CurrentValue.BusinessPriceId),
        _ => null,
    };

    /// <summary>The tier a price sells, or null for a price this service does not know (never guessed).</summary>
    public SubscriptionTier? TierFor(string? priceId)
    {
        if (string.IsNullOrEmpty(priceId))
        {
            return null;
        }

        if (priceId == PriceIdFor(SubscriptionTier.Pro))
        {
            return SubscriptionTier.Pro;
        }

        return priceId == PriceIdFor(SubscriptionTier.Business) ? SubscriptionTier.Business : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
