namespace Copilot.Gateway.Security;

/// <summary>
/// Service-to-service endpoints live under <c>/internal</c> on each service and are never routed by the gateway;
/// this makes that explicit at the edge (404, like any unknown path), whatever routes are added later.
/// </summary>
public static class InternalRoutes
{
    private static readonly PathString Prefix = "/internal";

    public static WebApplication UseInternalRoutesBlocked(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }
}
