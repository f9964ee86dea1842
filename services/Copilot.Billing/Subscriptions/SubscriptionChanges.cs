using Copilot.Billing.Data;
using Copilot.Billing.Outbox;
using Copilot.Billing.StripeIntegration;
using Copilot.Contracts;
using Stripe;
using Stripe.Checkout;

namespace Copilot.Billing.Subscriptions;

/// <summary>The tier a user asked for has no configured Stripe price (the seed's <c>ValueError</c> → 422).</summary>
public sealed class SubscriptionUnavailableException(SubscriptionTier tier)
    : Exception($"Subscription not available for tier {TierNames.ToWire(tier)}");

/// <summary>
/// What each branch of the subscription decision tree does. Every Stripe-side change is followed by a re-sync, so the
/// account reflects Stripe immediately instead of waiting for the webhook (which then finds nothing left to change).
/// </summary>
public sealed partial class SubscriptionChanges(
    BillingDbContext db,
    StripeClient stripe,
    StripeSubscriptions subscriptions,
    StripeCustomers customers,
    SubscriptionSync sync,
    PriceCatalog catalog,
    PendingChangeLookup pendingLookup,
    WorkSignal<TierChangeOutboxWorker> outbox,
    TimeProvider time,
    ILogger<SubscriptionChanges> logger)
{
    /// <summary>"Keep my tier": cancels a scheduled downgrade or cancellation; false when nothing was pending.</summary>
    public async Task<bool> ReleasePendingAsync(BillingAccount account, CancellationToken cancellationToken)
    {
        var live = await subscriptions.GetLiveAsync(account.StripeCustomerId, cancellationToken);
        var released = live is not null && await subscriptions.ReleasePendingAsync(live, cancellationToken);
        await sync.SyncUserAsync(account.UserId, cancellationToken);
        if (released)
        {
            LogPendingReleased(logger, account.UserId);
        }

        return released;
    }

    /// <summary>Schedules the cancellation at period end; false when the user has no Stripe subscription (an admin-granted tier).</summary>
    public async Task<bool> CancelAtPeriodEndAsync(BillingAccount account, CancellationToken cancellationToken)
    {
        if (await subscriptions.GetLiveAsync(account.StripeCustomerId, cancellationToken) is not { } live)
        {
            return false;
        }

        await subscriptions.CancelAtPeriodEndAsync(live, cancellationToken);
        await sync.SyncUserAsync(account.UserId, cancellationToken);
        LogCancellationScheduled(logger, account.UserId, live.Id);
        return true;
    }

    /// <summary>
    /// Paid→paid: an upgrade applies now with proration, a downgrade is scheduled for the period end. False when the
    /// user has no Stripe subscription (admin-granted), in which case the caller sets the tier directly.
    /// </summary>
    public async Task<bool> ChangePaidTierAsync(BillingAccount account, SubscriptionTier target, CancellationToken cancellationToken)
    {
        var priceId = catalog.PriceIdFor(target) ?? throw new SubscriptionUnavailableException(target);
        if (await subscriptions.GetLiveAsync(account.StripeCustomerId, cancellationToken) is not { } live)
        {
            return false;
        }

        if (TierRules.IsUpgrade(account.Tier, target))
        {
            await subscriptions.ChangePriceNowAsync(live, priceId, cancellationToken);
            LogUpgraded(logger, account.UserId, account.Tier, target);
        }
        else
        {
            await subscriptions.ScheduleDowngradeAsync(live, priceId, cancellationToken);
            LogDowngradeScheduled(logger, account.UserId, account.Tier, target);
        }

        await sync.SyncUserAsync(account.UserId, cancellationToken);
        return true;
    }

    /// <summary>FREE→paid: a Checkout Session; the subscription (and the tier) arrive with its webhooks.</summary>
    public async Task<string> StartCheckoutAsync(BillingAccount account, SubscriptionTier target, string successUrl, string cancelUrl,
        CancellationToken cancellationToken)
    {
        var priceId = catalog.PriceIdFor(target) ?? throw new SubscriptionUnavailableException(target);
        var customerId = await customers.EnsureAsync(account.UserId, cancellationToken);
        var metadata = new Dictionary<string, string> { ["user_id"] = account.UserId, ["tier"] = TierNames.ToWire(target) };
        var session = await stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            ClientReferenceId = account.UserId,
            LineItems = [new SessionLineItemOptions { Price = priceId, Quantity = 1 }],
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            Metadata = metadata,
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata },
        }, cancellationToken: cancellationToken);
        LogCheckoutStarted(logger, account.UserId, target, session.Id);
        return session.Url;
    }

    /// <summary>
    /// Sets the tier without Stripe (payment disabled, admin-granted tiers, admin overrides) and clears any pending change.
    /// Returns the instant of the change, taken under the account's lock (the <see cref="SubscriptionTierChanged"/> carries it).
    /// </summary>
    public async Task<DateTimeOffset> SetDirectlyAsync(string userId, SubscriptionTier tier, CancellationToken cancellationToken)
    {
        var effectiveAt = await db.InTransactionAsync(async ct =>
        {
            var account = await db.LockAccountAsync(userId, ct) ?? throw new InvalidOperationException($"Billing account {userId} does not exist.");
            var now = time.GetUtcNow();
            TierChanges.Apply(db, account, tier, now);
            account.PendingTier = null;
            account.PendingTierEffectiveAt = null;
            account.UpdatedAt = now;
            return now;
        }, cancellationToken);
        outbox.Pulse();
        pendingLookup.Invalidate(userId);
        LogSetDirectly(logger, userId, tier);
        return effectiveAt;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the pending subscription change of user {UserId}")]
    private static partial void LogPendingReleased(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} of user {UserId} cancels at period end")]
    private static partial void LogCancellationScheduled(ILogger logger, string userId, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upgraded user {UserId} from {From} to {To} with proration")]
    private static partial void LogUpgraded(ILogger logger, string userId, SubscriptionTier from, SubscriptionTier to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled the downgrade of user {UserId} from {From} to {To} at period end")]
    private static partial void LogDowngradeScheduled(ILogger logger, string userId, SubscriptionTier from, SubscriptionTier to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started checkout {SessionId} for user {UserId} to {Tier}")]
    private static partial void LogCheckoutStarted(ILogger logger, string userId, SubscriptionTier tier, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Set the tier of user {UserId} to {Tier} directly")]
    private static partial void LogSetDirectly(ILogger logger, string userId, SubscriptionTier tier);
}
