using Copilot.Billing.Data;
using Copilot.Contracts;

namespace Copilot.Billing.Outbox;

public static class TierChanges
{
    /// <summary>
    /// Sets the tier on a tracked account; when it really changes, queues <see cref="SubscriptionTierChanged"/> in the
    /// same SaveChanges so the event exists exactly when the change does. Callers pulse the outbox after committing.
    /// </summary>
    public static bool Apply(BillingDbContext db, BillingAccount account, SubscriptionTier tier, DateTimeOffset now)
    {
        if (account.Tier == tier)
        {
            return false;
        }

        account.Tier = tier;
        account.UpdatedAt = now;
        db.TierChangeOutbox.Add(new TierChangeOutboxMessage { UserId = account.UserId, Tier = tier, EffectiveAt = now });
        return true;
    }
}
