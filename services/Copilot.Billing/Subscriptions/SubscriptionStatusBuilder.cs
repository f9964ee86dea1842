using Copilot.Billing.Data;
using Copilot.Billing.StripeIntegration;
using Copilot.Contracts;

namespace Copilot.Billing.Subscriptions;

/// <summary>
/// <c>GET /api/credits/subscription</c>'s body (also returned by POST). Costs are cents; <see cref="Url"/> is non-empty
/// only when a POST started a Checkout Session, and the client then redirects to it.
/// </summary>
public sealed record SubscriptionStatusResponse(
    string Tier,
    long MonthlyCost,
    IReadOnlyDictionary<string, long> TierCosts,
    long ProrationCreditCents,
    string? PendingTier,
    DateTimeOffset? PendingTierEffectiveAt,
    string Url = "");

public sealed class SubscriptionStatusBuilder(PriceCatalog catalog, PriceAmounts prices, PendingChangeLookup pendingLookup, TimeProvider time)
{
    private static readonly SubscriptionTier[] PaidTiers = [SubscriptionTier.Pro, SubscriptionTier.Business];

    public async Task<SubscriptionStatusResponse> BuildAsync(BillingAccount account, CancellationToken cancellationToken)
    {
        // Both price lookups and the pending-change lookup run concurrently; each is cached, so usually none reaches Stripe.
        var costsTask = Task.WhenAll(PaidTiers.Select(async tier =>
            catalog.PriceIdFor(tier) is { } priceId ? await prices.GetAsync(priceId, cancellationToken) ?? 0 : 0));
        var pendingTask = pendingLookup.GetAsync(account, cancellationToken);
        var costs = await costsTask;

        var tierCosts = new Dictionary<string, long>
        {
            [TierNames.ToWire(SubscriptionTier.Free)] = 0,
            [TierNames.ToWire(SubscriptionTier.Pro)] = costs[0],
            [TierNames.ToWire(SubscriptionTier.Business)] = costs[1],
            [TierNames.ToWire(SubscriptionTier.Enterprise)] = 0,
        };
        var monthlyCost = tierCosts[TierNames.ToWire(account.Tier)];
        var prorationCredit = account.StripeSubscriptionId is null
            ? 0
            : SubscriptionFacts.ProrationCreditCents(monthlyCost, account.CurrentPeriodStart, account.CurrentPeriodEnd, time.GetUtcNow());

        // ENTERPRISE is never a pending target; only the self-service tiers are reported.
        var pending = await pendingTask;
        var reported = pending is { Tier: not SubscriptionTier.Enterprise } ? pending : null;
        return new SubscriptionStatusResponse(
            TierNames.ToWire(account.Tier), monthlyCost, tierCosts, prorationCredit,
            reported is null ? null : TierNames.ToWire(reported.Tier), reported?.EffectiveAt);
    }
}
