using Microsoft.Extensions.Caching.Memory;
using Stripe;

namespace Copilot.Billing.StripeIntegration;

/// <summary>
/// A price's monthly amount in cents, cached for 300 s because a Stripe round-trip (200–600 ms) on every status read
/// is too slow. A failed lookup answers null and is not cached, so the next request retries.
/// </summary>
public sealed partial class PriceAmounts(StripeClient stripe, IMemoryCache cache, ILogger<PriceAmounts> logger)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(300);

    public async Task<long?> GetAsync(string priceId, CancellationToken cancellationToken)
    {
        var key = ("stripe-price-amount", priceId);
        if (cache.TryGetValue(key, out long cached))
        {
            return cached;
        }

        try
        {
            var price = await stripe.V1.Prices.GetAsync(priceId, cancellationToken: cancellationToken);
            var amount = price.UnitAmount ?? 0;
            cache.Set(key, amount, CacheDuration);
            return amount;
        }
        catch (StripeException exception)
        {
            LogPriceLookupFailed(logger, priceId, exception.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed to retrieve Stripe price {PriceId}, returning no amount (not cached): {Error}")]
    private static partial void LogPriceLookupFailed(ILogger logger, string priceId, string error);
}
