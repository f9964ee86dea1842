using Copilot.Billing.Data;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Accounts;

/// <summary>
/// Accounts are created lazily: when chat-api reports a user it has seen (<c>UserSeen</c>), on the user's first billing
/// request, or with an admin tier change.
/// </summary>
public sealed class AccountStore(BillingDbContext db, TimeProvider time)
{
    /// <summary>The column sizes of <c>billing_accounts</c>.</summary>
    public const int MaxUserIdLength = 200;

    public const int MaxEmailLength = 320;

    /// <summary>
    /// The caller's account, created if missing. The token's email (when it has one) is kept current, since Stripe
    /// customers are created with it and admins search by it.
    /// </summary>
    public async Task<BillingAccount> GetOrCreateAsync(string userId, string? email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // ON CONFLICT keeps concurrent first requests from failing on the primary key.
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO billing_accounts (user_id, email, tier, balance_cents, created_at, updated_at)
            VALUES ({userId}, {email}, 'Free', 0, {now}, {now})
            ON CONFLICT (user_id) DO NOTHING
            """, cancellationToken);
        if (!string.IsNullOrEmpty(email))
        {
            await db.Accounts.Where(a => a.UserId == userId && (a.Email == null || a.Email != email))
                .ExecuteUpdateAsync(update => update.SetProperty(a => a.Email, email).SetProperty(a => a.UpdatedAt, now), cancellationToken);
        }

        return await db.Accounts.AsNoTracking().SingleAsync(a => a.UserId == userId, cancellationToken);
    }

    public Task<BillingAccount?> FindAsync(string userId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId, cancellationToken);

    public Task<BillingAccount?> FindByCustomerAsync(string customerId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.StripeCustomerId == customerId, cancellationToken);
}
