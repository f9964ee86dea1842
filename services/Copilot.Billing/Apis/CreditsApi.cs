using System.Security.Claims;
using Copilot.Billing.Accounts;
using Copilot.Billing.Credits;
using Copilot.Billing.Data;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stripe;

namespace Copilot.Billing.Apis;

/// <param name="TopUpsEnabled">Whether credits can be bought (payments on); the limits are what a top-up may be, in cents.</param>
public sealed record CreditsResponse(long Credits, bool TopUpsEnabled, long TopUpMinimumCents, long TopUpMaximumCents);

public sealed record TopUpRequest(long? CreditAmount);

public sealed record TopUpResponse(string CheckoutUrl);

public sealed record CreditTransactionResponse(long Id, long AmountCents, long BalanceCents, CreditTransactionKind Kind, string? Reason, DateTimeOffset CreatedAt);

/// <param name="NextBefore">Pass as <c>before</c> for the next (older) page; null on the last page.</param>
public sealed record CreditTransactionsResponse(IReadOnlyList<CreditTransactionResponse> Transactions, long? NextBefore);

/// <summary>The caller's credit balance and history (cents), and top-ups through Stripe Checkout.</summary>
public static partial class CreditsApi
{
    public static RouteGroupBuilder MapCreditsApi(this RouteGroupBuilder credits)
    {
        credits.MapGet("/", GetBalance);
        credits.MapPost("/", StartTopUp);
        credits.MapGet("/transactions", ListTransactions);
        return credits;
    }

    public static async Task<Ok<CreditsResponse>> GetBalance(
        ClaimsPrincipal user, AccountStore accounts, IOptionsSnapshot<BillingOptions> options, CancellationToken cancellationToken)
    {
        var account = await accounts.GetOrCreateAsync(user.GetUserId(), user.FindFirstValue("email"), cancellationToken);
        var settings = options.Value;
        return TypedResults.Ok(new CreditsResponse(account.BalanceCents, settings.EnablePlatformPayment, settings.TopUpMinimumCents, settings.TopUpMaximumCents));
    }

    public static async Task<Results<Ok<CreditTransactionsResponse>, ProblemHttpResult>> ListTransactions(
        ClaimsPrincipal user, CreditLedger ledger, CancellationToken cancellationToken, int limit = 20, long? before = null)
    {
        if (limit is < 1 or > 100 || before is <= 0)
        {
            return Problems.Validation("limit must be between 1 and 100 and before must be a positive transaction id.");
        }

        var page = await ledger.ListAsync(user.GetUserId(), limit, before, cancellationToken);
        return TypedResults.Ok(new CreditTransactionsResponse(
            page.Select(t => new CreditTransactionResponse(t.Id, t.AmountCents, t.BalanceAfterCents, t.Kind, t.Reason, t.CreatedAt)).ToList(),
            page.Count == limit ? page[^1].Id : null));
    }

    public static async Task<Results<Ok<TopUpResponse>, ProblemHttpResult>> StartTopUp(
        TopUpRequest request, ClaimsPrincipal user, AccountStore accounts, TopUps topUps, IOptionsSnapshot<BillingOptions> options,
        ILogger<TopUps> logger, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.EnablePlatformPayment)
        {
            return Problems.Validation("Credit top-ups are not available");
        }

        if (request.CreditAmount is not { } amount || amount < settings.TopUpMinimumCents || amount > settings.TopUpMaximumCents)
        {
            return Problems.Validation($"credit_amount must be between {settings.TopUpMinimumCents} and {settings.TopUpMaximumCents} cents");
        }

        if (settings.AllowedRedirectOrigin is not { } origin)
        {
            return Problems.Unavailable(ProblemTexts.RedirectNotConfigured);
        }

        var account = await accounts.GetOrCreateAsync(user.GetUserId(), user.FindFirstValue("email"), cancellationToken);
        try
        {
            return TypedResults.Ok(new TopUpResponse(await topUps.StartAsync(account.UserId, amount, origin, cancellationToken)));
        }
        catch (StripeException exception)
        {
            LogTopUpFailed(logger, account.UserId, exception.Message);
            return Problems.BadGateway(ProblemTexts.TopUpFailed);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe error starting a top-up for user {UserId}: {Error}")]
    private static partial void LogTopUpFailed(ILogger logger, string userId, string error);
}
