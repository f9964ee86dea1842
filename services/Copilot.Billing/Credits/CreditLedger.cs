using Copilot.Billing.Data;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Billing.Credits;

/// <summary>The credit balance (cents) and its transactions. Each operation is idempotent per (user, key).</summary>
public sealed partial class CreditLedger(BillingDbContext db, TimeProvider time, ILogger<CreditLedger> logger)
{
    /// <summary>
    /// The largest single movement a caller may ask for (an admin grant, a spend or refund request): 1 000 000 000
    /// cents, $10M. Far above any real grant or price, and small enough that sums of them stay far from overflowing.
    /// </summary>
    public const long MaxAmountCents = 1_000_000_000;

    public sealed record Entry(string UserId, long AmountCents, CreditTransactionKind Kind, string IdempotencyKey, string? Reason,
        string? StripePaymentIntentId = null);

    /// <summary>
    /// Applies <paramref name="entry"/> once. A negative amount that would take the balance below zero is refused
    /// (<see cref="LedgerStatus.Insufficient"/>) unless <paramref name="allowNegative"/> — clawbacks of money Stripe
    /// already returned must be recorded even when the credits were spent, so a later top-up settles the debt. A
    /// balance that would leave the range of <see cref="long"/> is refused (<see cref="LedgerStatus.Overflow"/>)
    /// rather than wrapped around into a wrong, possibly negative, balance.
    /// </summary>
    public async Task<LedgerOutcome> ApplyAsync(Entry entry, bool allowNegative, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO billing_accounts (user_id, tier, balance_cents, created_at, updated_at)
            VALUES ({entry.UserId}, 'Free', 0, {now}, {now})
            ON CONFLICT (user_id) DO NOTHING
            """, cancellationToken);

        // The account row lock serialises one user's operations, so the balance check and the write cannot interleave.
        var outcome = await db.InTransactionAsync(async ct =>
        {
            var account = await db.LockAccountAsync(entry.UserId, ct)
                ?? throw new InvalidOperationException($"Billing account {entry.UserId} does not exist.");
            var existing = await db.CreditTransactions.AsNoTracking()
                .Where(t => t.UserId == entry.UserId && t.IdempotencyKey == entry.IdempotencyKey)
                .Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);
            if (existing is not null)
            {
                return new LedgerOutcome(LedgerStatus.Duplicate, account.BalanceCents, existing);
            }

            if (NewBalance(account.BalanceCents, entry.AmountCents) is not { } balance)
            {
                return new LedgerOutcome(LedgerStatus.Overflow, account.BalanceCents, null);
            }

            if (entry.AmountCents < 0 && balance < 0 && !allowNegative)
            {
                return new LedgerOutcome(LedgerStatus.Insufficient, account.BalanceCents, null);
            }

            account.BalanceCents = balance;
            account.UpdatedAt = now;
            var transaction = new CreditTransaction
            {
                UserId = entry.UserId,
                AmountCents = entry.AmountCents,
                BalanceAfterCents = balance,
                Kind = entry.Kind,
                IdempotencyKey = entry.IdempotencyKey,
                Reason = entry.Reason,
                StripePaymentIntentId = entry.StripePaymentIntentId,
                CreatedAt = now,
            };
            db.CreditTransactions.Add(transaction);
            await db.SaveChangesAsync(ct);
            return new LedgerOutcome(LedgerStatus.Applied, balance, transaction.Id);
        }, cancellationToken);

        if (outcome.Applied)
        {
            LogApplied(logger, entry.UserId, entry.Kind, entry.AmountCents, outcome.BalanceCents, entry.IdempotencyKey);
        }
        else if (outcome.Status == LedgerStatus.Overflow)
        {
            LogOverflow(logger, entry.UserId, entry.Kind, entry.AmountCents, outcome.BalanceCents, entry.IdempotencyKey);
        }

        return outcome;
    }

    /// <summary><paramref name="balanceCents"/> + <paramref name="amountCents"/>, or null when the sum does not fit in a long.</summary>
    public static long? NewBalance(long balanceCents, long amountCents)
    {
        try
        {
            return checked(balanceCents + amountCents);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public async Task<long> GetBalanceAsync(string userId, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().Where(a => a.UserId == userId).Select(a => (long?)a.BalanceCents).SingleOrDefaultAsync(cancellationToken) ?? 0;

    /// <summary>Newest first; <paramref name="beforeId"/> continues after the last page's oldest transaction.</summary>
    public Task<List<CreditTransaction>> ListAsync(string userId, int limit, long? beforeId, CancellationToken cancellationToken) =>
        db.CreditTransactions.AsNoTracking()
            .Where(t => t.UserId == userId && (beforeId == null || t.Id < beforeId))
            .OrderByDescending(t => t.Id).Take(limit).ToListAsync(cancellationToken);

    /// <summary>The top-up paid with <paramref name="paymentIntentId"/>, which refunds and disputes of that payment claw back.</summary>
    public Task<CreditTransaction?> FindTopUpAsync(string paymentIntentId, CancellationToken cancellationToken) =>
        db.CreditTransactions.AsNoTracking()
            .FirstOrDefaultAsync(t => t.StripePaymentIntentId == paymentIntentId && t.Kind == CreditTransactionKind.TopUp, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Credits {Kind} of {AmountCents} cents for user {UserId}; balance {BalanceCents} (key {IdempotencyKey})")]
    private static partial void LogApplied(ILogger logger, string userId, CreditTransactionKind kind, long amountCents, long balanceCents, string idempotencyKey);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Credits {Kind} of {AmountCents} cents for user {UserId} refused: the balance {BalanceCents} would overflow (key {IdempotencyKey})")]
    private static partial void LogOverflow(ILogger logger, string userId, CreditTransactionKind kind, long amountCents, long balanceCents, string idempotencyKey);
}
