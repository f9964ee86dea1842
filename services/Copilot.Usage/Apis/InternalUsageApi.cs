using System.Text.Json;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Copilot.Usage.Admission;
using Copilot.Usage.Client;
using Copilot.Usage.Redis;
using Copilot.Usage.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Copilot.Usage.Apis;

/// <summary>Service-to-service usage API (not routed by the gateway; internal credential required).</summary>
public static class InternalUsageApi
{
    public static IEndpointRouteBuilder MapInternalUsageApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/usage/{userId}").RequireAuthorization(InternalApiKey.Policy);
        group.MapGet("/admission", CheckAdmission);
        group.MapDelete("/reservations/{turnId:guid}", ReleaseReservation);
        group.MapPost("/reservations/{turnId:guid}/extend", ExtendReservation);
        return app;
    }

    /// <summary>
    /// May this user start a turn now? With <paramref name="turnId"/> the admitted turn also reserves its estimated
    /// cost until it completes; asking again for the same turn is idempotent.
    /// </summary>
    public static async Task<JsonHttpResult<TurnAdmission>> CheckAdmission(
        string userId, AdmissionService admission, UsageMetrics metrics, CancellationToken cancellationToken,
        [FromQuery(Name = "turn_id")] Guid? turnId = null)
    {
        var decision = await admission.AdmitAsync(userId, turnId, cancellationToken);
        metrics.Admission(decision);
        return TypedResults.Json(decision, AdmissionJson.Options);
    }

    /// <summary>
    /// May this running turn make its next model call? The body carries the turn's calls usage may not have counted
    /// yet (their <c>LlmUsageRecorded</c> may still be on the bus); they are charged here, once, so the verdict sees
    /// the turn's real spend. The answer has the admission's shape.
    /// </summary>
    public static async Task<Results<JsonHttpResult<TurnAdmission>, ProblemHttpResult>> ExtendReservation(
        string userId, Guid turnId, HttpRequest http, AdmissionService admission, UsageMetrics metrics,
        CancellationToken cancellationToken)
    {
        ExtendReservationRequest? request;
        try
        {
            // Read with the admission API's own options, not the public snake_case ones, like the answer is written.
            request = http.ContentLength is 0 ? null : await http.ReadFromJsonAsync<ExtendReservationRequest>(AdmissionJson.Options, cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return Problems.BadRequest("The body must be JSON: {\"charges\": [{\"usageId\": guid, \"costMicrodollars\": number}]}.");
        }

        var charges = request?.Charges ?? [];
        if (charges.Count > ExtendReservationRequest.MaxCharges)
        {
            return Problems.BadRequest($"charges may hold at most {ExtendReservationRequest.MaxCharges} calls.");
        }

        if (charges.Any(charge => charge is null || charge.UsageId == Guid.Empty || charge.CostMicrodollars < 0))
        {
            return Problems.BadRequest("Each charge needs a usageId and a costMicrodollars of 0 or more.");
        }

        var decision = await admission.ExtendAsync(userId, turnId, charges, cancellationToken);
        metrics.Admission(decision);
        return TypedResults.Json(decision, AdmissionJson.Options);
    }

    /// <summary>For a turn that was admitted but never started, so its reservation does not wait for the TTL.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ReleaseReservation(string userId, Guid turnId, CostLedger ledger)
    {
        try
        {
            await ledger.ReleaseReservationAsync(userId, turnId);
            return TypedResults.NoContent();
        }
        catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
        {
            // The reservation lapses with its TTL anyway; the caller need not retry.
            return Problems.Unavailable("Usage storage is unavailable; the reservation will lapse on its own.");
        }
    }
}
