using Copilot.Contracts;

namespace Copilot.Usage.BillingClient;

public enum SpendStatus
{
    Spent,
    Insufficient,
    Unavailable,
}

public sealed record SpendResult(SpendStatus Status, long BalanceCents);

/// <summary>
/// What usage asks billing (request/response over the bus). Billing being down never throws out of here: each call
/// reports "unavailable" (null) and the caller decides whether that fails open or closed.
/// </summary>
public interface IBilling
{
    /// <summary>The user's tier, or null when billing did not answer in time.</summary>
    Task<SubscriptionTier?> GetTierAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Accounts whose id or email contains <paramref name="query"/>, or null when billing did not answer.</summary>
    Task<IReadOnlyList<AccountSummary>?> FindAccountsAsync(string query, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="tier"/> the user's canonical tier in billing (an admin change); the instant it took effect,
    /// or null when billing did not confirm it in time (it may still apply later, and then its event reaches usage).
    /// </summary>
    Task<DateTimeOffset?> SetTierAsync(string userId, SubscriptionTier tier, CancellationToken cancellationToken);

    Task<SpendResult> SpendCreditsAsync(string userId, long amountCents, string idempotencyKey, string reason);

    /// <summary>The balance after the refund, or null when it could not be confirmed.</summary>
    Task<long?> RefundCreditsAsync(string userId, long amountCents, string idempotencyKey, string reason);
}
