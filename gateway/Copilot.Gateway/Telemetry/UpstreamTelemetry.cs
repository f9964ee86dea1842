using Copilot.ServiceDefaults.Telemetry;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Copilot.Gateway.Telemetry;

/// <summary>
/// What the gateway learns from forwarding: when the upstream was asked and answered (so <c>Server-Timing</c> splits
/// the upstream's wait from the gateway's own overhead), and which 429s were the upstream's decision rather than its own.
/// </summary>
public static class UpstreamTelemetry
{
    public static TransformBuilderContext AddUpstreamTelemetry(this TransformBuilderContext context)
    {
        var cluster = context.Cluster?.ClusterId ?? "unknown";
        context.AddRequestTransform(transform =>
        {
            transform.HttpContext.Features.Get<ServerTimingFeature>()?.MarkUpstreamSent();
            return ValueTask.CompletedTask;
        });
        context.AddResponseTransform(transform =>
        {
            transform.HttpContext.Features.Get<ServerTimingFeature>()?.MarkUpstreamAnswered();
            if (transform.ProxyResponse?.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                transform.HttpContext.SetThrottleReason($"upstream:{cluster}");
            }

            return ValueTask.CompletedTask;
        });
        return context;
    }
}
