using Copilot.Contracts;
using Copilot.Usage.BillingClient;

namespace Copilot.Usage.UnitTests.Support;

/// <summary>An in-memory billing: a balance, an optional tier, and switches for billing being unreachable.</summary>
public sealed class FakeBilling : IBilling
{
    public SubscriptionTier? Tier { get; set; }

    public long BalanceCents { get; set; } = 1_000;

    public bool SpendUnavailable { get; set; }

    public bool RefundFails { get; set; }

    public List<(long AmountCents, string IdempotencyKey, string Reason)> Spends { get; } = [];

    public List<(long AmountCents, string IdempotencyKey)> Refunds { get; } = [];

    public int TierLookups { get; private set; }

    public Task<SubscriptionTier?> GetTierAsync(string userId, CancellationToken cancellationToken)
    {
        TierLookups++;
        return Task.FromResult(Tier);
    }

    public Task<IReadOnlyList<AccountSummary>?> FindAccountsAsync(string query, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AccountSummary>?>([]);

    public Task<DateTimeOffset?> SetTierAsync(string userId, SubscriptionTier tier, CancellationToken cancellationToken)
    {
        Tier = tier;
        return Task.FromResult<DateTimeOffset?>(DateTimeOffset.UtcNow);
    }

    public Task<SpendResult> SpendCreditsAsync(string userId, long amountCents, string idempotencyKey, string reason)
    {
        if (SpendUnavailable)
        {
            return Task.FromResult(new SpendResult(SpendStatus.Unavailable, 0));
        }

        if (BalanceCents < amountCents)
        {
            return Task.FromResult(new SpendResult(SpendStatus.Insufficient, BalanceCents));
        }

        BalanceCents -= amountCents;
        Spends.Add((amountCents, idempotencyKey, reason));
        return Task.FromResult(new SpendResult(SpendStatus.Spent, BalanceCents));
    }

    public Task<long?> RefundCreditsAsync(string userId, long amountCents, string idempotencyKey, string reason)
    {
        if (RefundFails)
        {
            return Task.FromResult<long?>(null);
        }

        BalanceCents += amountCents;
        Refunds.Add((amountCents, idempotencyKey));
        return Task.FromResult<long?>(BalanceCents);
    }
}
