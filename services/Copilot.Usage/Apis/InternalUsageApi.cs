using Copilot.ServiceDefaults.Authentication;

namespace Copilot.Usage.Apis;

/// <summary>Service-to-service usage API (not routed by the gateway; internal credential required).</summary>
public static class InternalUsageApi
{
    /// <summary>The pre-turn admission answer chat-api asks for on its hot path.</summary>
    public sealed record AdmissionResponse(bool Allowed, string? Detail, DateTimeOffset? ResetsAt);

    public static IEndpointRouteBuilder MapInternalUsageApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/usage").RequireAuthorization(InternalApiKey.Policy);
        group.MapGet("/{userId}/admission", CheckAdmission);
        return app;
    }

    /// <summary>
    /// Cost limits are not enforced yet (no counters exist until usage is metered), so every turn is admitted; the
    /// contract is in place so chat-api's call path is already the final one.
    /// </summary>
    public static AdmissionResponse CheckAdmission(string userId) => new(true, null, null);
}
