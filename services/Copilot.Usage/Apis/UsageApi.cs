using System.Security.Claims;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Copilot.Usage.Reset;
using Copilot.Usage.Status;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Copilot.Usage.Apis;

/// <summary>The caller's own usage (gateway: <c>/api/usage</c>, alias <c>/api/chat/usage</c>): percentages only.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        var usage = app.MapGroup("/api/usage").WithTags("Usage");
        usage.MapGet("/", GetUsage);
        usage.MapPost("/reset", ResetDailyUsage);
        return app;
    }

    public static async Task<Ok<PublicUsage>> GetUsage(ClaimsPrincipal user, UsageStatusService status, CancellationToken cancellationToken) =>
        TypedResults.Ok(PublicUsage.From(await status.GetAsync(user.GetUserId(), cancellationToken)));

    public static async Task<Results<Ok<ResetResponse>, ProblemHttpResult>> ResetDailyUsage(
        ClaimsPrincipal user, PaidResetService reset, CancellationToken cancellationToken)
    {
        var outcome = await reset.ResetAsync(user.GetUserId(), cancellationToken);
        return outcome.Response is { } response
            ? TypedResults.Ok(response)
            : Problems.Status(outcome.StatusCode, outcome.Detail!);
    }
}
