using Microsoft.AspNetCore.Http;

namespace Copilot.ServiceDefaults.Telemetry;

/// <summary>
/// Why a response is a 429, for <see cref="ServiceMeter.ThrottledResponses"/>. Code that throttles may name its
/// reason; otherwise the endpoint's route stands in for it (one route rarely throttles for several reasons).
/// </summary>
public static class ThrottleReason
{
    public static void SetThrottleReason(this HttpContext context, string reason) =>
        context.Features.Set(new ThrottleReasonFeature(reason));

    internal static string Of(HttpContext context) =>
        context.Features.Get<ThrottleReasonFeature>()?.Reason
        ?? (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText
        ?? "unrouted";

    private sealed record ThrottleReasonFeature(string Reason);
}
