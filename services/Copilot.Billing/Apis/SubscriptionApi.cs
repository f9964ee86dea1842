using System.Security.Claims;
using Copilot.Billing.Data;
using Copilot.Billing.StripeIntegration;
using Copilot.Billing.Subscriptions;
using Copilot.Contracts;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Stripe;

namespace Copilot.Billing.Apis;

/// <param name="Tier"><c>FREE</c>, <c>PRO</c> or <c>BUSINESS</c>; the current tier means "keep it" (cancel a pending change).</param>
public sealed record SubscriptionTierRequest(string? Tier, string? SuccessUrl, string? CancelUrl);

/// <summary><c>GET|POST /api/credits/subscription</c>: the seed's decision tree (seed-digest part1 §5.3–5.4).</summary>
public static partial class SubscriptionApi
{
    public static RouteGroupBuilder MapSubscriptionApi(this RouteGroupBuilder credits)
    {
        credits.MapGet("/subscription", GetStatus);
        credits.MapPost("/subscription", UpdateTier);
        return credits;
    }

    public static async Task<Ok<SubscriptionStatusResponse>> GetStatus(
        ClaimsPrincipal user, [AsParameters] SubscriptionServices services, CancellationToken cancellationToken)
    {
        var account = await services.CallerAccountAsync(user, cancellationToken);
        return TypedResults.Ok(await services.StatusAsync(account, cancellationToken));
    }

    public static async Task<Results<Ok<SubscriptionStatusResponse>, ProblemHttpResult>> UpdateTier(
        SubscriptionTierRequest request, ClaimsPrincipal user, [AsParameters] SubscriptionServices services, CancellationToken cancellationToken)
    {
        if (!TierNames.TryParse(request.Tier, out var tier) || tier == SubscriptionTier.Enterprise)
        {
            return Problems.Validation("tier must be one of FREE, PRO, BUSINESS");
        }

        var account = await services.CallerAccountAsync(user, cancellationToken);
        if (account.Tier == SubscriptionTier.Enterprise)
        {
            return Problems.Forbidden(ProblemTexts.EnterpriseManaged);
        }

        if (account.Tier == tier)
        {
            return await KeepCurrentTierAsync(account, services, cancellationToken);
        }

        if (tier == SubscriptionTier.Free)
        {
            return await DowngradeToFreeAsync(account, services, cancellationToken);
        }

        // Paid tiers need payment enabled; admins grant them through the admin API otherwise.
        if (!services.Settings.EnablePlatformPayment)
        {
            return Problems.Validation($"Subscription not available for tier {TierNames.ToWire(tier)}");
        }

        return TierRules.IsPaidSelfService(account.Tier)
            ? await ChangePaidTierAsync(account, tier, services, cancellationToken)
            : await StartCheckoutAsync(account, tier, request, services, cancellationToken);
    }

    /// <summary>Same tier = "keep my tier": releases a pending downgrade or cancellation (idempotent).</summary>
    private static async Task<Results<Ok<SubscriptionStatusResponse>, ProblemHttpResult>> KeepCurrentTierAsync(
        BillingAccount account, SubscriptionServices services, CancellationToken cancellationToken)
    {
        try
        {
            await services.Changes.ReleasePendingAsync(account, cancellationToken);
        }
        catch (StripeException exception)
        {
            LogStripeFailure(services.Logger, "releasing the pending change", account.UserId, exception.Message);
            return Problems.BadGateway(ProblemTexts.CancelPendingFailed);
        }

        return TypedResults.Ok(await services.StatusAsync(account.UserId, cancellationToken));
    }

    /// <summary>
    /// With payment enabled, a Stripe subscription is cancelled at period end and the tier drops when Stripe's
    /// <c>customer.subscription.deleted</c> arrives; without one (admin-granted) or with payment disabled, FREE applies now.
    /// </summary>
    private static async Task<Results<Ok<SubscriptionStatusResponse>, ProblemHttpResult>> DowngradeToFreeAsync(
        BillingAccount account, SubscriptionServices services, CancellationToken cancellationToken)
    {
        if (services.Settings.EnablePlatformPayment)
        {
            bool hadSubscription;
            try
            {
                hadSubscription = await services.Changes.CancelAtPeriodEndAsync(account, cancellationToken);
            }
            catch (StripeException exception)
            {
                LogStripeFailure(services.Logger, "cancelling the subscription", account.UserId, exception.Message);
                return Problems.BadGateway(ProblemTexts.CancelFailed);
            }

            if (hadSubscription)
            {
                return TypedResults.Ok(await services.StatusAsync(account.UserId, cancellationToken));
            }
        }

        await services.Changes.SetDirectlyAsync(account.UserId, SubscriptionTier.Free, cancellationToken);
        return TypedResults.Ok(await services.StatusAsync(account.UserId, cancellationToken));
    }

    private static async Task<Results<Ok<SubscriptionStatusResponse>, ProblemHttpResult>> ChangePaidTierAsync(
        BillingAccount account, SubscriptionTier tier, SubscriptionServices services, CancellationToken cancellationToken)
    {
        try
        {
            if (!await services.Changes.ChangePaidTierAsync(account, tier, cancellationToken))
            {
                // No Stripe subscription behind the paid tier (admin-granted): no webhook will ever come, so set it now.
                await services.Changes.SetDirectlyAsync(account.UserId, tier, cancellationToken);
            }
        }
        catch (SubscriptionUnavailableException exception)
        {
            return Problems.Validation(exception.Message);
        }
        catch (StripeException exception)
        {
            LogStripeFailure(services.Logger, "modifying the subscription", account.UserId, exception.Message);
            return Problems.BadGateway(ProblemTexts.UpdateFailed);
        }

        return TypedResults.Ok(await services.StatusAsync(account.UserId, cancellationToken));
    }

    private static async Task<Results<Ok<SubscriptionStatusResponse>, ProblemHttpResult>> StartCheckoutAsync(
        BillingAccount account, SubscriptionTier tier, SubscriptionTierRequest request, SubscriptionServices services,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.SuccessUrl) || string.IsNullOrEmpty(request.CancelUrl))
        {
            return Problems.Validation(ProblemTexts.UrlsRequired);
        }

        // A misconfigured server gets an actionable 503 rather than a misleading "must match" 422.
        if (services.Settings.AllowedRedirectOrigin is not { } origin)
        {
            LogRedirectOriginMissing(services.Logger, account.UserId);
            return Problems.Unavailable(ProblemTexts.RedirectNotConfigured);
        }

        if (!RedirectGuard.IsAllowed(request.SuccessUrl, origin) || !RedirectGuard.IsAllowed(request.CancelUrl, origin))
        {
            return Problems.Validation(ProblemTexts.RedirectMismatch);
        }

        string url;
        try
        {
            url = await services.Changes.StartCheckoutAsync(account, tier, request.SuccessUrl, request.CancelUrl, cancellationToken);
        }
        catch (SubscriptionUnavailableException exception)
        {
            return Problems.Validation(exception.Message);
        }
        catch (StripeException exception)
        {
            LogStripeFailure(services.Logger, "creating the checkout session", account.UserId, exception.Message);
            return Problems.BadGateway(ProblemTexts.CheckoutFailed);
        }

        return TypedResults.Ok(await services.StatusAsync(account.UserId, cancellationToken) with { Url = url });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe error {Operation} for user {UserId}: {Error}")]
    private static partial void LogStripeFailure(ILogger logger, string operation, string userId, string error);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Checkout for user {UserId} refused: neither Billing:FrontendBaseUrl nor Billing:PlatformBaseUrl is configured")]
    private static partial void LogRedirectOriginMissing(ILogger logger, string userId);
}
