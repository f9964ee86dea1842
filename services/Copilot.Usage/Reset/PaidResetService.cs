using Copilot.Usage.BillingClient;
using Copilot.Usage.Limits;
using Copilot.Usage.Redis;
using Copilot.Usage.Status;
using Microsoft.Extensions.Options;

namespace Copilot.Usage.Reset;

/// <summary>
/// <c>POST /api/usage/reset</c>: pay credits to clear today's counter (seed part1 §3.7). Everything that could
/// charge twice or charge for nothing fails closed; a charge whose reset then fails is refunded.
/// </summary>
public sealed partial class PaidResetService(
    IUsageStore store,
    IBilling billing,
    UsageStatusService status,
    IOptions<UsageOptions> options,
    TimeProvider time,
    ILogger<PaidResetService> logger)
{
    public const string ChargeReason = "CoPilot daily rate limit reset";

    public async Task<ResetOutcome> ResetAsync(string userId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cost = settings.RateLimitResetCostCents;
        if (cost <= 0)
        {
            return ResetOutcome.Refused(StatusCodes.Status400BadRequest, "Rate limit reset is not available.");
        }

        if (!settings.EnableCredit)
        {
            return ResetOutcome.Refused(StatusCodes.Status400BadRequest, "Rate limit reset is not available (credit system is disabled).");
        }

        var before = await status.GetAsync(userId, cancellationToken);
        if (before.Daily.Limit <= 0)
        {
            return ResetOutcome.Refused(StatusCodes.Status400BadRequest, "No daily limit is configured — nothing to reset.");
        }

        var now = time.GetUtcNow();
        if (await store.GetDailyResetCountAsync(userId, now) is not { } count)
        {
            return ResetOutcome.Refused(StatusCodes.Status503ServiceUnavailable, "Unable to verify reset eligibility — please try again later.");
        }

        if (settings.MaxDailyResets > 0 && count >= settings.MaxDailyResets)
        {
            return ResetOutcome.Refused(StatusCodes.Status429TooManyRequests, $"You've used all {settings.MaxDailyResets} resets for today.");
        }

        if (!await store.TryAcquireResetLockAsync(userId, settings.ResetLockTtl))
        {
            return ResetOutcome.Refused(StatusCodes.Status429TooManyRequests, "A reset is already in progress. Please try again.");
        }

        try
        {
            return await ChargeAndResetAsync(userId, cost, now, cancellationToken);
        }
        finally
        {
            await store.ReleaseResetLockAsync(userId);
        }
    }

    private async Task<ResetOutcome> ChargeAndResetAsync(string userId, int cost, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Re-read under the lock: a reset that finished meanwhile must not be paid for twice.
        if (await status.TryGetExactAsync(userId, cancellationToken) is not { } current)
        {
            // Fail closed: read as 0, an unreadable counter would answer "not reached" to a user who is over the limit.
            return ResetOutcome.Refused(StatusCodes.Status503ServiceUnavailable, "Unable to verify reset eligibility — please try again later.");
        }

        if (current.Daily.Used < current.Daily.Limit)
        {
            return ResetOutcome.Refused(StatusCodes.Status400BadRequest, "You have not reached your daily limit yet.");
        }

        if (current.Weekly.Limit > 0 && current.Weekly.Used >= current.Weekly.Limit)
        {
            return ResetOutcome.Refused(StatusCodes.Status400BadRequest,
                "Your weekly limit is also reached. Resetting the daily limit won't help.");
        }

        var idempotencyKey = $"copilot-usage-reset:{userId}:{Guid.NewGuid():N}";
        var spent = await billing.SpendCreditsAsync(userId, cost, idempotencyKey, ChargeReason);
        switch (spent.Status)
        {
            case SpendStatus.Insufficient:
                return ResetOutcome.Refused(StatusCodes.Status402PaymentRequired, "Insufficient credits to reset your rate limit.");
            case SpendStatus.Unavailable:
                return ResetOutcome.Refused(StatusCodes.Status503ServiceUnavailable, "Unable to charge credits for the reset — please try again later.");
        }

        if (!await store.ResetDailyUsageAsync(userId, current.Daily.Limit, now))
        {
            return await RefundAsync(userId, cost, idempotencyKey);
        }

        await store.IncrementDailyResetCountAsync(userId, now);
        LogReset(userId, cost);
        var after = await status.GetAsync(userId, cancellationToken);
        return ResetOutcome.Succeeded(new ResetResponse(true, cost, spent.BalanceCents, PublicUsage.From(after)));
    }

    private async Task<ResetOutcome> RefundAsync(string userId, int cost, string idempotencyKey)
    {
        var refunded = await billing.RefundCreditsAsync(userId, cost, $"{idempotencyKey}:refund", $"{ChargeReason} refund");
        return refunded is not null
            ? ResetOutcome.Refused(StatusCodes.Status503ServiceUnavailable,
                "Rate limit reset failed — please try again later. Your credits have not been charged.")
            : ResetOutcome.Refused(StatusCodes.Status503ServiceUnavailable,
                "Rate limit reset failed and the automatic refund also failed. Please contact support for assistance.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} paid {CostCents} cents to reset the daily usage limit")]
    private partial void LogReset(string userId, int costCents);
}
