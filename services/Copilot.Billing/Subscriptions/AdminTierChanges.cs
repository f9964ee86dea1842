using Copilot.Billing.Accounts;
using Copilot.Contracts;

namespace Copilot.Billing.Subscriptions;

/// <summary>
/// An administrator's direct tier change (the seed's <c>set_user_tier</c>), from billing's admin route or usage's
/// <see cref="SetSubscriptionTier"/>: any tier, ENTERPRISE included, on an account created when missing. Stripe stays
/// the source of truth for subscribers: the next subscription webhook re-syncs a FREE/PRO/BUSINESS override (never an
/// ENTERPRISE one), so an override that contradicts a subscription is logged as drift, as the seed does.
/// </summary>
public sealed partial class AdminTierChanges(AccountStore accounts, SubscriptionChanges changes, ILogger<AdminTierChanges> logger)
{
    /// <returns>The instant the tier took effect.</returns>
    public async Task<DateTimeOffset> SetAsync(string userId, SubscriptionTier tier, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOrCreateAsync(userId, null, cancellationToken);
        if (account.StripeSubscriptionId is { } subscriptionId && account.Tier != tier)
        {
            LogDrift(logger, userId, tier, subscriptionId, account.Tier);
        }

        return await changes.SetDirectlyAsync(userId, tier, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin tier override will drift from Stripe: user={UserId} admin_tier={Tier} " +
        "stripe_sub={SubscriptionId} subscribed_tier={SubscribedTier}; the next subscription webhook reconciles it unless the override is ENTERPRISE")]
    private static partial void LogDrift(ILogger logger, string userId, SubscriptionTier tier, string subscriptionId, SubscriptionTier subscribedTier);
}
