using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Copilot.ServiceDefaults.Telemetry;

/// <summary>
/// Set per request by <see cref="ServerTimingMiddleware"/>. A reverse proxy marks when it sent the request upstream and
/// when the upstream's headers arrived, so its own entry shows its overhead rather than the upstream's time.
/// </summary>
public sealed class ServerTimingFeature
{
    private long _upstreamSent;
    private long _upstreamAnswered;

    public void MarkUpstreamSent() => _upstreamSent = Stopwatch.GetTimestamp();

    public void MarkUpstreamAnswered() => _upstreamAnswered = Stopwatch.GetTimestamp();

    /// <summary>Null unless the request was forwarded and answered (a retry re-marks both ends).</summary>
    public TimeSpan? UpstreamDuration => _upstreamSent != 0 && _upstreamAnswered >= _upstreamSent
        ? Stopwatch.GetElapsedTime(_upstreamSent, _upstreamAnswered)
        : null;
}

/// <summary>
/// Adds <c>Server-Timing: {name};dur={ms}</c> — the time from the request entering this process until its response
/// starts (for SSE, until the headers leave) — when the response starts. A proxied response keeps the upstream's entries
/// and gains <c>upstream;dur=</c> (waiting for the upstream's headers) with the proxy's own entry as the rest. Nothing
/// about the body is touched, so streams are neither buffered nor delayed.
/// </summary>
internal sealed class ServerTimingMiddleware(RequestDelegate next, IOptions<ServerTimingOptions> options)
{
    public const string HeaderName = "Server-Timing";

    private readonly string _metricName = options.Value.MetricName;

    public Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var feature = new ServerTimingFeature();
        context.Features.Set(feature);
        context.Response.OnStarting(() =>
        {
            var total = Stopwatch.GetElapsedTime(started);
            var headers = context.Response.Headers;
            if (feature.UpstreamDuration is { } upstream)
            {
                headers.Append(HeaderName, Entry("upstream", upstream));
                headers.Append(HeaderName, Entry(_metricName, total - upstream));
            }
            else
            {
                headers.Append(HeaderName, Entry(_metricName, total));
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static string Entry(string name, TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{name};dur={Math.Max(0, duration.TotalMilliseconds):0.###}");
}
