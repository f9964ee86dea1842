using Copilot.Billing.StripeIntegration;
using Stripe;

namespace Copilot.Billing.Subscriptions;

/// <summary>The Stripe calls behind tier changes: find the live subscription, change its price, schedule or undo changes.</summary>
public sealed partial class StripeSubscriptions(StripeClient stripe, ILogger<StripeSubscriptions> logger)
{
    private static readonly string[] TerminalScheduleStatuses = ["released", "canceled", "completed"];

    /// <summary>Every subscription of the customer that gives access, newest first.</summary>
    public async Task<IReadOnlyList<Subscription>> ListLiveAsync(string customerId, CancellationToken cancellationToken)
    {
        var all = await stripe.V1.Subscriptions.ListAsync(
            new SubscriptionListOptions { Customer = customerId, Status = "all", Limit = 100 }, cancellationToken: cancellationToken);
        return all.Data.Where(SubscriptionFacts.GivesAccess)
            .OrderByDescending(s => s.Created).ThenByDescending(s => s.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<Subscription?> GetLiveAsync(string? customerId, CancellationToken cancellationToken) =>
        customerId is null ? null : (await ListLiveAsync(customerId, cancellationToken)).FirstOrDefault();

    public Task<SubscriptionSchedule> GetScheduleAsync(string scheduleId, CancellationToken cancellationToken) =>
        stripe.V1.SubscriptionSchedules.GetAsync(scheduleId, cancellationToken: cancellationToken);

    /// <summary>
    /// Cancels whatever is pending on the subscription — an attached schedule and <c>cancel_at_period_end</c> — and
    /// answers whether anything was. Schedules already released, completed or cancelled are skipped, so repeating the
    /// call (two tabs, a retry) is harmless.
    /// </summary>
    public async Task<bool> ReleasePendingAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var released = await ReleaseScheduleAsync(subscription, cancellationToken);
        if (subscription.CancelAtPeriodEnd || subscription.CancelAt is not null)
        {
            await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = false },
                cancellationToken: cancellationToken);
            released = true;
        }

        return released;
    }

    /// <summary>Paid→FREE: the user keeps the tier they paid for; Stripe ends the subscription at period end.</summary>
    public async Task CancelAtPeriodEndAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        // A scheduled downgrade would otherwise still switch the price before the cancellation.
        await ReleaseScheduleAsync(subscription, cancellationToken);
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true },
            cancellationToken: cancellationToken);
    }

    /// <summary>Upgrade: the new price applies now and the difference is invoiced now (the unused time is credited).</summary>
    public async Task ChangePriceNowAsync(Subscription subscription, string priceId, CancellationToken cancellationToken)
    {
        // A pending downgrade must not undo the upgrade at period end.
        await ReleaseScheduleAsync(subscription, cancellationToken);
        var item = SubscriptionFacts.FirstItem(subscription) ?? throw new InvalidOperationException($"Subscription {subscription.Id} has no items.");
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item.Id, Price = priceId }],
            ProrationBehavior = "always_invoice",
            CancelAtPeriodEnd = subscription.CancelAtPeriodEnd ? false : null,
        }, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Paid→paid downgrade: a schedule keeps the current price until the period ends, then switches to the target, so
    /// nobody loses the tier they paid for mid-cycle. Existing schedules and cancellations are cleared first.
    /// </summary>
    public async Task ScheduleDowngradeAsync(Subscription subscription, string priceId, CancellationToken cancellationToken)
    {
        await ReleasePendingAsync(subscription, cancellationToken);
        var currentPriceId = SubscriptionFacts.PriceId(subscription) ?? throw new InvalidOperationException($"Subscription {subscription.Id} has no price.");
        var period = SubscriptionFacts.Period(subscription) ?? throw new InvalidOperationException($"Subscription {subscription.Id} has no billing period.");
        var schedule = await stripe.V1.SubscriptionSchedules.CreateAsync(
            new SubscriptionScheduleCreateOptions { FromSubscription = subscription.Id }, cancellationToken: cancellationToken);
        await stripe.V1.SubscriptionSchedules.UpdateAsync(schedule.Id, new SubscriptionScheduleUpdateOptions
        {
            EndBehavior = "release",
            ProrationBehavior = "none",
            Phases =
            [
                new SubscriptionSchedulePhaseOptions
                {
                    Items = [new SubscriptionSchedulePhaseItemOptions { Price = currentPriceId, Quantity = 1 }],
                    StartDate = schedule.Phases?.FirstOrDefault()?.StartDate ?? period.Start.UtcDateTime,
                    EndDate = period.End.UtcDateTime,
                },
                new SubscriptionSchedulePhaseOptions
                {
                    Items = [new SubscriptionSchedulePhaseItemOptions { Price = priceId, Quantity = 1 }],
                    Duration = new SubscriptionSchedulePhaseDurationOptions { Interval = "month", IntervalCount = 1 },
                },
            ],
        }, cancellationToken: cancellationToken);
    }

    /// <summary>Best effort: a newer subscription replaced these, and leaving them would bill the user twice.</summary>
    public async Task CancelReplacedAsync(string userId, IEnumerable<Subscription> replaced, CancellationToken cancellationToken)
    {
        foreach (var subscription in replaced)
        {
            try
            {
                await stripe.V1.Subscriptions.CancelAsync(subscription.Id, cancellationToken: cancellationToken);
                LogReplacedCancelled(logger, userId, subscription.Id);
            }
            catch (StripeException exception)
            {
                LogReplacedCancelFailed(logger, userId, subscription.Id, exception.Message);
            }
        }
    }

    private async Task<bool> ReleaseScheduleAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        if (subscription.ScheduleId is not { } scheduleId)
        {
            return false;
        }

        var schedule = await GetScheduleAsync(scheduleId, cancellationToken);
        if (TerminalScheduleStatuses.Contains(schedule.Status))
        {
            return false;
        }

        await stripe.V1.SubscriptionSchedules.ReleaseAsync(scheduleId, cancellationToken: cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelled subscription {SubscriptionId} of user {UserId}: a newer subscription replaced it")]
    private static partial void LogReplacedCancelled(ILogger logger, string userId, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not cancel replaced subscription {SubscriptionId} of user {UserId}; it may bill twice: {Error}")]
    private static partial void LogReplacedCancelFailed(ILogger logger, string userId, string subscriptionId, string error);
}
