using Copilot.Contracts;
using Copilot.Usage.Limits;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Copilot.Usage.BillingClient;

/// <summary>
/// <see cref="IBilling"/> over MassTransit request/response. Money movements are not tied to the HTTP request's
/// cancellation: once a charge is sent, the ladder must see it through (refund included).
/// </summary>
public sealed partial class BusBilling(
    IRequestClient<GetSubscriptionTier> tiers,
    IRequestClient<FindAccounts> accounts,
    IRequestClient<SetSubscriptionTier> setTier,
    IRequestClient<SpendCredits> spend,
    IRequestClient<RefundCredits> refund,
    IOptions<UsageOptions> options,
    ILogger<BusBilling> logger) : IBilling
{
    public async Task<SubscriptionTier?> GetTierAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tiers.GetResponse<SubscriptionTierFound>(new GetSubscriptionTier(userId), cancellationToken,
                RequestTimeout.After(ms: (int)options.Value.TierLookupTimeout.TotalMilliseconds));
            return response.Message.Tier;
        }
        catch (Exception exception) when (IsUnavailable(exception, cancellationToken))
        {
            LogUnavailable(exception, nameof(GetSubscriptionTier), userId);
            return null;
        }
    }

    public async Task<IReadOnlyList<AccountSummary>?> FindAccountsAsync(string query, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var response = await accounts.GetResponse<AccountsFound>(new FindAccounts(query, limit), cancellationToken, BillingTimeout);
            return response.Message.Accounts;
        }
        catch (Exception exception) when (IsUnavailable(exception, cancellationToken))
        {
            LogUnavailable(exception, nameof(FindAccounts), query);
            return null;
        }
    }

    public async Task<DateTimeOffset?> SetTierAsync(string userId, SubscriptionTier tier, CancellationToken cancellationToken)
    {
        try
        {
            // The request expires with the timeout, so billing rarely applies a change the admin was told had failed.
            var response = await setTier.GetResponse<SubscriptionTierSet>(new SetSubscriptionTier(userId, tier), cancellationToken, BillingTimeout);
            return response.Message.EffectiveAt;
        }
        catch (Exception exception) when (IsUnavailable(exception, cancellationToken))
        {
            LogUnavailable(exception, nameof(SetSubscriptionTier), userId);
            return null;
        }
    }

    public async Task<SpendResult> SpendCreditsAsync(string userId, long amountCents, string idempotencyKey, string reason)
    {
        try
        {
            var response = await spend.GetResponse<CreditsSpent, InsufficientCredits>(
                new SpendCredits(userId, amountCents, idempotencyKey, reason), CancellationToken.None, BillingTimeout);
            if (response.Is(out Response<CreditsSpent>? spent))
            {
                return new SpendResult(SpendStatus.Spent, spent.Message.BalanceCents);
            }

            return response.Is(out Response<InsufficientCredits>? insufficient)
                ? new SpendResult(SpendStatus.Insufficient, insufficient.Message.BalanceCents)
                : new SpendResult(SpendStatus.Unavailable, 0);
        }
        catch (Exception exception) when (IsUnavailable(exception, CancellationToken.None))
        {
            // A timeout leaves it unknown whether billing charged; the key lets an operator reconcile.
            LogSpendUnconfirmed(exception, userId, idempotencyKey);
            return new SpendResult(SpendStatus.Unavailable, 0);
        }
    }

    public async Task<long?> RefundCreditsAsync(string userId, long amountCents, string idempotencyKey, string reason)
    {
        try
        {
            var response = await refund.GetResponse<CreditsRefunded>(
                new RefundCredits(userId, amountCents, idempotencyKey, reason), CancellationToken.None, BillingTimeout);
            return response.Message.BalanceCents;
        }
        catch (Exception exception) when (IsUnavailable(exception, CancellationToken.None))
        {
            LogRefundFailed(exception, userId, amountCents, idempotencyKey);
            return null;
        }
    }

    private RequestTimeout BillingTimeout => RequestTimeout.After(ms: (int)options.Value.BillingTimeout.TotalMilliseconds);

    /// <summary>A timeout, a fault in billing's consumer or a broken broker connection; the caller's own cancellation is not.</summary>
    private static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) =>
        exception is MassTransitException or TimeoutException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing did not answer {Request} for {Subject}")]
    private partial void LogUnavailable(Exception exception, string request, string subject);

    [LoggerMessage(Level = LogLevel.Error, Message = "Charging credits for user {UserId} was not confirmed (idempotency key {IdempotencyKey})")]
    private partial void LogSpendUnconfirmed(Exception exception, string userId, string idempotencyKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refunding {AmountCents} cents to user {UserId} failed (idempotency key {IdempotencyKey}); manual refund needed")]
    private partial void LogRefundFailed(Exception exception, string userId, long amountCents, string idempotencyKey);
}
