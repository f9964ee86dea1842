using Copilot.Billing.Accounts;
using Copilot.Billing.Credits;
using Copilot.Billing.Data;
using Copilot.Billing.Subscriptions;
using Copilot.Contracts;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Copilot.Billing.Apis;

public sealed record AdminTierRequest(string? UserId, string? Tier);

public sealed record AdminTierResponse(string UserId, string Tier);

/// <param name="IdempotencyKey">Optional; a repeated grant with the same key is applied once.</param>
public sealed record AdminGrantRequest(string? UserId, long? AmountCents, string? Reason, string? IdempotencyKey);

public sealed record AdminGrantResponse(string UserId, long BalanceCents, long? TransactionId, bool Applied);

public sealed record AdminAccountResponse(
    string UserId, string? Email, string Tier, long BalanceCents, string? StripeCustomerId, string? StripeSubscriptionId,
    string? PendingTier, DateTimeOffset? PendingTierEffectiveAt);

/// <summary>Administrator operations (role <c>admin</c>): direct tier changes (the only way to ENTERPRISE) and credit grants.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder credits)
    {
        var admin = credits.MapGroup("/admin").RequireAuthorization(JwtAuthenticationExtensions.AdminPolicy);
        admin.MapPost("/tier", SetTier);
        admin.MapPost("/grant", Grant);
        admin.MapGet("/accounts/{userId}", GetAccount);
        return credits;
    }

    /// <summary>The same change as usage's admin route sends with <c>SetSubscriptionTier</c>; see <see cref="AdminTierChanges"/>.</summary>
    public static async Task<Results<Ok<AdminTierResponse>, ProblemHttpResult>> SetTier(
        AdminTierRequest request, AdminTierChanges changes, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(request.UserId) || !TierNames.TryParse(request.Tier, out var tier))
        {
            return Problems.Validation("user_id and a tier of FREE, PRO, BUSINESS or ENTERPRISE are required");
        }

        await changes.SetAsync(request.UserId!, tier, cancellationToken);
        return TypedResults.Ok(new AdminTierResponse(request.UserId!, TierNames.ToWire(tier)));
    }

    /// <summary>
    /// At most <see cref="CreditLedger.MaxAmountCents"/> per grant (422 naming <c>amount_cents</c>); a grant the
    /// balance cannot hold is refused with 409 and changes nothing.
    /// </summary>
    public static async Task<Results<Ok<AdminGrantResponse>, ProblemHttpResult>> Grant(
        AdminGrantRequest request, CreditLedger ledger, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(request.UserId) || request.AmountCents is null || request.IdempotencyKey is { Length: 0 or > 150 }
            || request.Reason is { Length: > 500 })
        {
            return Problems.Validation("user_id and a positive amount_cents are required (reason ≤ 500, idempotency_key ≤ 150 characters)");
        }

        if (request.AmountCents is not (> 0 and <= CreditLedger.MaxAmountCents))
        {
            return Problems.Validation(ProblemTexts.GrantAmountOutOfRange);
        }

        var key = $"grant:{request.IdempotencyKey ?? Guid.NewGuid().ToString("N")}";
        var outcome = await ledger.ApplyAsync(new CreditLedger.Entry(request.UserId!, request.AmountCents.Value, CreditTransactionKind.Grant, key,
            request.Reason ?? "Admin grant"), allowNegative: false, cancellationToken);
        if (outcome.Status == LedgerStatus.Overflow)
        {
            return Problems.Status(StatusCodes.Status409Conflict,
                $"amount_cents {request.AmountCents} would take the balance of {outcome.BalanceCents} cents past the largest balance the ledger can hold");
        }

        return TypedResults.Ok(new AdminGrantResponse(request.UserId!, outcome.BalanceCents, outcome.TransactionId, outcome.Applied));
    }

    public static async Task<Results<Ok<AdminAccountResponse>, ProblemHttpResult>> GetAccount(
        string userId, AccountStore accounts, CancellationToken cancellationToken)
    {
        if (await accounts.FindAsync(userId, cancellationToken) is not { } account)
        {
            return Problems.Status(StatusCodes.Status404NotFound, $"No billing account for user {userId}");
        }

        return TypedResults.Ok(new AdminAccountResponse(account.UserId, account.Email, TierNames.ToWire(account.Tier), account.BalanceCents,
            account.StripeCustomerId, account.StripeSubscriptionId,
            account.PendingTier is { } pending ? TierNames.ToWire(pending) : null, account.PendingTierEffectiveAt));
    }

    private static bool IsValidUserId(string? userId) => !string.IsNullOrWhiteSpace(userId) && userId.Length <= AccountStore.MaxUserIdLength;
}
