using System.Net.Mime;
using Microsoft.AspNetCore.Http;

namespace Copilot.ServiceDefaults.Telemetry;

/// <summary>
/// Counts what every service's HTTP edge sees alike: 429 responses by reason, and open server-sent event streams
/// (a stream counts from its first byte until the request ends, client disconnects included).
/// </summary>
internal sealed class HttpResponseMetricsMiddleware(RequestDelegate next, ServiceMeter meter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var streaming = false;
        context.Response.OnStarting(() =>
        {
            if (context.Response.ContentType?.StartsWith(MediaTypeNames.Text.EventStream, StringComparison.OrdinalIgnoreCase) == true)
            {
                streaming = true;
                meter.OpenSseStreams.Add(1);
            }

            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            if (streaming)
            {
                meter.OpenSseStreams.Add(-1);
            }

            if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests)
            {
                meter.ThrottledResponses.Add(1, new KeyValuePair<string, object?>("reason", ThrottleReason.Of(context)));
            }
        }
    }
}
