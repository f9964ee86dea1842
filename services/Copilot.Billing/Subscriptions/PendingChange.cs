using Copilot.Billing.StripeIntegration;
using Copilot.Contracts;
using Stripe;

namespace Copilot.Billing.Subscriptions;

/// <summary>A change that takes effect later: a scheduled paid→paid downgrade, or a cancellation (→ FREE) at period end.</summary>
public sealed record PendingChange(SubscriptionTier Tier, DateTimeOffset EffectiveAt);

public static class SubscriptionFacts
{
    /// <summary>Only these statuses give access; <c>past_due</c>, <c>unpaid</c>, <c>incomplete</c> and <c>canceled</c> do not.</summary>
    public static bool GivesAccess(Subscription subscription) => subscription.Status is "active" or "trialing";

    public static SubscriptionItem? FirstItem(Subscription subscription) => subscription.Items?.Data?.FirstOrDefault();

    public static string? PriceId(Subscription subscription) => FirstItem(subscription)?.Price?.Id;

    /// <summary>Since API 2025-03-31 the billing period lives on the subscription item.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? Period(Subscription subscription) =>
        FirstItem(subscription) is { } item && item.CurrentPeriodEnd > DateTime.UnixEpoch
            ? (ToOffset(item.CurrentPeriodStart), ToOffset(item.CurrentPeriodEnd))
            : null;

    /// <summary>The schedule's next phase (the first starting after <paramref name="now"/>), mapped to a tier.</summary>
    public static PendingChange? FromSchedule(SubscriptionSchedule schedule, PriceCatalog catalog, DateTimeOffset now, Action<string> unknownPrice)
    {
        if (schedule.Status is not ("active" or "not_started"))
        {
            return null;
        }

        var next = schedule.Phases?.Where(p => ToOffset(p.StartDate) > now).OrderBy(p => p.StartDate).FirstOrDefault();
        var priceId = next?.Items?.FirstOrDefault()?.PriceId;
        if (next is null || priceId is null)
        {
            return null;
        }

        if (catalog.TierFor(priceId) is not { } tier)
        {
            unknownPrice(priceId);
            return null;
        }

        return new PendingChange(tier, ToOffset(next.StartDate));
    }

    /// <summary>A cancellation already set on the subscription: FREE from the period end (or the explicit cancel time).</summary>
    public static PendingChange? FromCancellation(Subscription subscription)
    {
        if (subscription.CancelAtPeriodEnd && Period(subscription) is { } period)
        {
            return new PendingChange(SubscriptionTier.Free, period.End);
        }

        return subscription.CancelAt is { } cancelAt ? new PendingChange(SubscriptionTier.Free, ToOffset(cancelAt)) : null;
    }

    /// <summary>
    /// The unused part of the current period's price, which Stripe credits on an upgrade: cost × remaining / period.
    /// </summary>
    public static long ProrationCreditCents(long monthlyCostCents, DateTimeOffset? periodStart, DateTimeOffset? periodEnd, DateTimeOffset now)
    {
        if (monthlyCostCents <= 0 || periodStart is not { } start || periodEnd is not { } end || end <= start || now >= end)
        {
            return 0;
        }

        var remaining = (end - (now < start ? start : now)).TotalSeconds / (end - start).TotalSeconds;
        return (long)Math.Floor(monthlyCostCents * remaining);
    }

    public static DateTimeOffset ToOffset(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
