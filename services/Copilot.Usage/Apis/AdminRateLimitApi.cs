using Copilot.Contracts;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Copilot.Usage.Models;
using Copilot.Usage.Redis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Copilot.Usage.Apis;

/// <summary>
/// Admin view of users' cost limits (seed part1 §2), in raw microdollars; role <c>admin</c>. Accounts (emails,
/// search, existence) are billing's and are asked for over the bus.
/// </summary>
public static class AdminRateLimitApi
{
    public const int MaxUserIdLength = 256;
    public const int MaxSearchLimit = 50;

    /// <summary>Billing may still apply a change it did not confirm in time (its event then reaches usage), so the text says so.</summary>
    public const string TierNotConfirmed =
        "Failed to set tier: billing did not confirm the change in time. It may still take effect shortly; check the tier before retrying (a repeat is safe).";

    public static IEndpointRouteBuilder MapAdminRateLimitApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/copilot/admin/rate_limit")
            .WithTags("copilot", "admin")
            .RequireAuthorization(JwtAuthenticationExtensions.AdminPolicy);
        admin.MapGet("/", GetRateLimit);
        admin.MapPost("/reset", ResetUsage);
        admin.MapGet("/tier", GetTier);
        admin.MapPost("/tier", SetTier);
        admin.MapPost("/limits", SetLimits);
        admin.MapGet("/search_users", SearchUsers);
        return app;
    }

    /// <summary>By <c>email</c> (takes precedence; must match an account) or by <c>user_id</c> (email looked up best-effort).</summary>
    public static async Task<Results<Ok<UserRateLimitResponse>, ProblemHttpResult>> GetRateLimit(
        [AsParameters] AdminServices services, CancellationToken cancellationToken,
        [FromQuery(Name = "user_id")] string? userId = null, [FromQuery] string? email = null)
    {
        if (!string.IsNullOrWhiteSpace(email))
        {
            var accounts = await services.Billing.FindAccountsAsync(email.Trim(), MaxSearchLimit, cancellationToken);
            if (accounts is null)
            {
                return Problems.Unavailable("Unable to look up users — please try again later.");
            }

            var account = accounts.FirstOrDefault(a => string.Equals(a.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
            return account is null
                ? Problems.NotFound("No user found with the provided email.")
                : TypedResults.Ok(await DescribeAsync(account.UserId, account.Email, services, cancellationToken));
        }

        if (string.IsNullOrWhiteSpace(userId))
        {
            return Problems.BadRequest("Either user_id or email query parameter is required.");
        }

        if (InvalidUserId(userId) is { } invalid)
        {
            return invalid;
        }

        var found = await services.Billing.FindAccountsAsync(userId, MaxSearchLimit, cancellationToken);
        var userEmail = found?.FirstOrDefault(a => a.UserId == userId)?.Email;
        return TypedResults.Ok(await DescribeAsync(userId, userEmail, services, cancellationToken));
    }

    public static async Task<Results<Ok<UserRateLimitResponse>, ProblemHttpResult>> ResetUsage(
        ResetUserUsageRequest request, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (InvalidUserId(request.UserId) is { } invalid)
        {
            return invalid;
        }

        try
        {
            await services.Settings.ResetUsageAsync(request.UserId!, request.ResetWeekly, services.Time.GetUtcNow());
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            services.Logger.ChangeFailed(exception, request.UserId!);
            return Problems.Unavailable("Failed to reset usage");
        }

        services.Logger.UsageReset(request.UserId!, request.ResetWeekly);
        return TypedResults.Ok(await DescribeAsync(request.UserId!, null, services, cancellationToken));
    }

    public static async Task<Results<Ok<UserTierResponse>, ProblemHttpResult>> GetTier(
        [AsParameters] AdminServices services, CancellationToken cancellationToken, [FromQuery(Name = "user_id")] string? userId = null)
    {
        if (InvalidUserId(userId) is { } invalid)
        {
            return invalid;
        }

        var status = await services.Status.GetAsync(userId!, cancellationToken);
        return TypedResults.Ok(new UserTierResponse(userId!, status.Tier));
    }

    /// <summary>
    /// Changes the canonical tier in billing (<c>SetSubscriptionTier</c>), then writes it to Redis at once so the limits
    /// change now rather than when billing's <c>SubscriptionTierChanged</c> arrives. Nothing is written here unless billing
    /// confirmed the change, so usage and billing never disagree about an admin's change.
    /// </summary>
    public static async Task<Results<Ok<UserTierResponse>, ProblemHttpResult>> SetTier(
        UserTierRequest request, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (InvalidUserId(request.UserId) is { } invalid)
        {
            return invalid;
        }

        if (request.Tier is not { } tier)
        {
            return Validation("tier is required (FREE, PRO, BUSINESS or ENTERPRISE).");
        }

        var userId = request.UserId!;
        var accounts = await services.Billing.FindAccountsAsync(userId, MaxSearchLimit, cancellationToken);
        if (accounts is null)
        {
            return Problems.Unavailable("Failed to set tier");
        }

        if (!accounts.Any(a => a.UserId == userId))
        {
            return Problems.NotFound($"User {userId} not found");
        }

        if (await services.Billing.SetTierAsync(userId, tier, cancellationToken) is not { } effectiveAt)
        {
            return Problems.Unavailable(TierNotConfirmed);
        }

        try
        {
            await services.Settings.SetAdminTierAsync(userId, tier, effectiveAt);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            // Billing made the change: when the tier really changed, its SubscriptionTierChanged reaches Redis through
            // the retrying consumer, and while Redis is down admission fails open anyway, so the admin's answer is true.
            services.Logger.TierNotCached(exception, userId);
        }

        services.Logger.TierSet(userId, TierNames.ToWire(tier));
        return TypedResults.Ok(new UserTierResponse(userId, tier));
    }

    /// <summary>Beyond the seed: absolute per-user caps that replace the tier-scaled defaults until cleared with null.</summary>
    public static async Task<Results<Ok<UserRateLimitResponse>, ProblemHttpResult>> SetLimits(
        UserLimitsRequest request, [AsParameters] AdminServices services, CancellationToken cancellationToken)
    {
        if (InvalidUserId(request.UserId) is { } invalid)
        {
            return invalid;
        }

        if (request.DailyCostLimitMicrodollars < 0 || request.WeeklyCostLimitMicrodollars < 0)
        {
            return Validation("Limits must not be negative (0 means unlimited).");
        }

        try
        {
            await services.Settings.SetLimitOverridesAsync(request.UserId!, request.DailyCostLimitMicrodollars, request.WeeklyCostLimitMicrodollars);
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            services.Logger.ChangeFailed(exception, request.UserId!);
            return Problems.Unavailable("Failed to set limits");
        }

        services.Logger.LimitsSet(request.UserId!, request.DailyCostLimitMicrodollars, request.WeeklyCostLimitMicrodollars);
        return TypedResults.Ok(await DescribeAsync(request.UserId!, null, services, cancellationToken));
    }

    /// <summary>Accounts whose id or email contains <paramref name="query"/>; <paramref name="limit"/> is capped at 50.</summary>
    public static async Task<Results<Ok<IReadOnlyList<UserSearchResult>>, ProblemHttpResult>> SearchUsers(
        [AsParameters] AdminServices services, CancellationToken cancellationToken, string? query = null, int limit = 20)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return Validation("query is required.");
        }

        if (limit < 1)
        {
            return Validation("limit must be at least 1.");
        }

        var accounts = await services.Billing.FindAccountsAsync(query.Trim(), Math.Min(limit, MaxSearchLimit), cancellationToken);
        return accounts is null
            ? Problems.Unavailable("Unable to look up users — please try again later.")
            : TypedResults.Ok<IReadOnlyList<UserSearchResult>>(
                accounts.Take(Math.Min(limit, MaxSearchLimit)).Select(a => new UserSearchResult(a.UserId, a.Email)).ToList());
    }

    private static async Task<UserRateLimitResponse> DescribeAsync(
        string userId, string? email, AdminServices services, CancellationToken cancellationToken)
    {
        var status = await services.Status.GetAsync(userId, cancellationToken);
        return new UserRateLimitResponse(userId, email, status.Daily.Limit, status.Weekly.Limit, status.Daily.Used, status.Weekly.Used, status.Tier);
    }

    /// <summary>User ids become Redis key parts: require one, and keep it a plausible size.</summary>
    private static ProblemHttpResult? InvalidUserId(string? userId) =>
        string.IsNullOrWhiteSpace(userId) ? Validation("user_id is required.")
        : userId.Length > MaxUserIdLength ? Validation($"user_id must be at most {MaxUserIdLength} characters.")
        : null;

    private static ProblemHttpResult Validation(string detail) => Problems.Status(StatusCodes.Status422UnprocessableEntity, detail);
}
