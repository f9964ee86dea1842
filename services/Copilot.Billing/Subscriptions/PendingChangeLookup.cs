using Copilot.Billing.Data;
using Copilot.Billing.StripeIntegration;
using Microsoft.Extensions.Caching.Memory;
using Stripe;

namespace Copilot.Billing.Subscriptions;

/// <summary>
/// The pending change as Stripe has it now (schedules can also be authored in Stripe's dashboard), cached for 30 s so
/// page loads do not hammer Stripe. A Stripe failure never fails the status read: it falls back to the last known
/// change and is not cached, so the next read retries.
/// </summary>
public sealed partial class PendingChangeLookup(
    StripeClient stripe,
    PriceCatalog catalog,
    IMemoryCache cache,
    TimeProvider time,
    ILogger<PendingChangeLookup> logger)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    private sealed record Entry(PendingChange? Change);

    public async Task<PendingChange?> GetAsync(BillingAccount account, CancellationToken cancellationToken)
    {
        if (account.StripeSubscriptionId is not { } subscriptionId)
        {
            return Stored(account);
        }

        if (cache.TryGetValue(Key(account.UserId), out Entry? cached) && cached is not null)
        {
            return cached.Change;
        }

        try
        {
            var subscription = await stripe.V1.Subscriptions.GetAsync(subscriptionId, cancellationToken: cancellationToken);
            var now = time.GetUtcNow();
            var change = subscription.ScheduleId is { } scheduleId
                ? SubscriptionFacts.FromSchedule(
                    await stripe.V1.SubscriptionSchedules.GetAsync(scheduleId, cancellationToken: cancellationToken), catalog, now,
                    unknown => LogUnknownPhasePrice(logger, account.UserId, unknown))
                : null;
            change ??= SubscriptionFacts.GivesAccess(subscription) ? SubscriptionFacts.FromCancellation(subscription) : null;
            cache.Set(Key(account.UserId), new Entry(change), CacheDuration);
            return change;
        }
        catch (StripeException exception)
        {
            LogLookupFailed(logger, account.UserId, exception.Message);
            return Stored(account);
        }
    }

    /// <summary>Called whenever this service changes or re-syncs the user's subscription, so the next read sees it.</summary>
    public void Invalidate(string userId) => cache.Remove(Key(userId));

    private static (string, string) Key(string userId) => ("pending-subscription-change", userId);

    private static PendingChange? Stored(BillingAccount account) =>
        account is { PendingTier: { } tier, PendingTierEffectiveAt: { } at } ? new PendingChange(tier, at) : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed to resolve the pending subscription change of user {UserId}; using the last known one: {Error}")]
    private static partial void LogLookupFailed(ILogger logger, string userId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The next schedule phase of user {UserId} has unknown price {PriceId}; no pending tier reported")]
    private static partial void LogUnknownPhasePrice(ILogger logger, string userId, string priceId);
}
