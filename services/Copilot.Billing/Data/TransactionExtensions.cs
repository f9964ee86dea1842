using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Data;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the context's retrying execution strategy (which refuses
    /// user transactions outside it). A retry starts from a clean change tracker, so the work must be re-runnable.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this BillingDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);

    /// <summary>The account row, locked until the surrounding transaction ends; null when the user has none.</summary>
    public static Task<BillingAccount?> LockAccountAsync(this BillingDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Accounts.FromSql($"SELECT * FROM billing_accounts WHERE user_id = {userId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
}
