using Copilot.ServiceDefaults.Telemetry;

namespace Copilot.Gateway.Security;

/// <summary>
/// Service-to-service endpoints live under <c>/internal</c> on each service and are never routed by the gateway;
/// this makes that explicit at the edge (404, like any unknown path), whatever routes are added later. The one
/// exception is the gateway's own metrics snapshot, which answers only the internal credential (and 404 otherwise).
/// </summary>
public static class InternalRoutes
{
    private static readonly PathString Prefix = "/internal";

    public static WebApplication UseInternalRoutesBlocked(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase)
                && !context.Request.Path.Equals(ServiceTelemetryExtensions.MetricsSnapshotPath, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }
}
