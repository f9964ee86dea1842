using Copilot.Billing.Data;
using Copilot.Billing.Outbox;
using Copilot.Billing.StripeIntegration;
using Copilot.Contracts;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Copilot.Billing.Subscriptions;

/// <summary>
/// Brings an account in line with Stripe. It never trusts the webhook payload that triggered it: it re-reads the
/// customer's subscriptions and derives tier, subscription and pending change from their current state, so webhooks
/// converge to the same result in any order, duplicated or not — an old <c>subscription.deleted</c> arriving after a
/// newer subscription became active finds that newer one still live and changes nothing.
/// </summary>
public sealed partial class SubscriptionSync(
    BillingDbContext db,
    StripeSubscriptions subscriptions,
    PriceCatalog catalog,
    PendingChangeLookup pendingLookup,
    WorkSignal<TierChangeOutboxWorker> outbox,
    TimeProvider time,
    ILogger<SubscriptionSync> logger)
{
    public async Task SyncCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        var userId = await db.Accounts.AsNoTracking().Where(a => a.StripeCustomerId == customerId).Select(a => a.UserId)
            .SingleOrDefaultAsync(cancellationToken);
        if (userId is null)
        {
            LogUnknownCustomer(logger, customerId);
            return;
        }

        await SyncUserAsync(userId, cancellationToken);
    }

    public async Task SyncUserAsync(string userId, CancellationToken cancellationToken)
    {
        // The row lock orders concurrent syncs of one user (webhooks on two replicas, a webhook and a POST), so a sync
        // that read Stripe earlier can never overwrite one that read it later.
        var replaced = await db.InTransactionAsync<IReadOnlyList<Subscription>>(async ct =>
        {
            var account = await db.LockAccountAsync(userId, ct);
            if (account?.StripeCustomerId is not { } customerId)
            {
                return [];
            }

            if (account.Tier == SubscriptionTier.Enterprise)
            {
                LogEnterpriseUntouched(logger, userId);
                return [];
            }

            var live = await subscriptions.ListLiveAsync(customerId, ct);
            return await ApplyAsync(account, live.FirstOrDefault(), ct) ? live.Skip(1).ToList() : [];
        }, cancellationToken);
        outbox.Pulse();
        pendingLookup.Invalidate(userId);
        await subscriptions.CancelReplacedAsync(userId, replaced, cancellationToken);
    }

    /// <summary>Writes the state of <paramref name="current"/> (the newest live subscription, or none) to the account.</summary>
    private async Task<bool> ApplyAsync(BillingAccount account, Subscription? current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (current is null)
        {
            // Only a tier that came from Stripe ends with the subscription; an admin-granted tier has none to end.
            if (account.StripeSubscriptionId is not null && TierChanges.Apply(db, account, SubscriptionTier.Free, now))
            {
                LogTierSynced(logger, account.UserId, SubscriptionTier.Free, "none");
            }

            Write(account, subscription: null, pending: null, period: null, now);
            return true;
        }

        var priceId = SubscriptionFacts.PriceId(current);
        if (catalog.TierFor(priceId) is not { } tier)
        {
            LogUnknownPrice(logger, account.UserId, current.Id, priceId ?? "(none)");
            return false;
        }

        var pending = current.ScheduleId is { } scheduleId
            ? SubscriptionFacts.FromSchedule(await subscriptions.GetScheduleAsync(scheduleId, cancellationToken), catalog, now,
                unknown => LogUnknownPrice(logger, account.UserId, current.Id, unknown))
            : null;
        pending ??= SubscriptionFacts.FromCancellation(current);
        if (TierChanges.Apply(db, account, tier, now))
        {
            LogTierSynced(logger, account.UserId, tier, current.Id);
        }

        Write(account, current, pending, SubscriptionFacts.Period(current), now);
        return true;
    }

    private static void Write(BillingAccount account, Subscription? subscription, PendingChange? pending,
        (DateTimeOffset Start, DateTimeOffset End)? period, DateTimeOffset now)
    {
        account.StripeSubscriptionId = subscription?.Id;
        account.StripeScheduleId = subscription?.ScheduleId;
        account.PendingTier = pending?.Tier;
        account.PendingTierEffectiveAt = pending?.EffectiveAt;
        account.CurrentPeriodStart = period?.Start;
        account.CurrentPeriodEnd = period?.End;
        account.UpdatedAt = now;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe customer {CustomerId} belongs to no billing account; event ignored")]
    private static partial void LogUnknownCustomer(ILogger logger, string customerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is ENTERPRISE; Stripe state does not change an administrator-managed tier")]
    private static partial void LogEnterpriseUntouched(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} of user {UserId} has unknown price {PriceId}; tier left unchanged")]
    private static partial void LogUnknownPrice(ILogger logger, string userId, string subscriptionId, string priceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is now {Tier} (subscription {SubscriptionId})")]
    private static partial void LogTierSynced(ILogger logger, string userId, SubscriptionTier tier, string subscriptionId);
}
