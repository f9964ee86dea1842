using Copilot.Billing.Data;
using Copilot.Billing.StripeIntegration;
using Copilot.Contracts;
using Microsoft.Extensions.Options;

namespace Copilot.Billing.Subscriptions;

/// <summary>
/// <c>GET /api/credits/subscription</c>'s body (also returned by POST). Costs are cents; <see cref="Url"/> is non-empty
/// only when a POST started a Checkout Session, and the client then redirects to it.
/// </summary>
/// <param name="PaymentsEnabled">Whether this server takes payments at all (tiers and credit top-ups).</param>
/// <param name="AvailableTiers">
/// The tiers a user may choose for themselves now: FREE always, a paid tier only with payments on and a price that
/// could be read (an extension of the seed's body, so a client never offers a plan the POST would refuse).
/// </param>
public sealed record SubscriptionStatusResponse(
    string Tier,
    long MonthlyCost,
    IReadOnlyDictionary<string, long> TierCosts,
    long ProrationCreditCents,
    string? PendingTier,
    DateTimeOffset? PendingTierEffectiveAt,
    bool PaymentsEnabled,
    IReadOnlyList<string> AvailableTiers,
    string Url = "");

public sealed class SubscriptionStatusBuilder(
    PriceCatalog catalog, PriceAmounts prices, PendingChangeLookup pendingLookup, IOptionsMonitor<BillingOptions> options, TimeProvider time)
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
        var paymentsEnabled = options.CurrentValue.EnablePlatformPayment;
        IReadOnlyList<string> available =
        [
            TierNames.ToWire(SubscriptionTier.Free),
            .. PaidTiers.Where((_, index) => paymentsEnabled && costs[index] > 0).Select(TierNames.ToWire),
        ];
        return new SubscriptionStatusResponse(
            TierNames.ToWire(account.Tier), monthlyCost, tierCosts, prorationCredit,
            reported is null ? null : TierNames.ToWire(reported.Tier), reported?.EffectiveAt, paymentsEnabled, available);
    }
}
