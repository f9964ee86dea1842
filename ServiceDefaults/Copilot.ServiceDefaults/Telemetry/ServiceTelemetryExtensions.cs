using System.Diagnostics.Metrics;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Copilot.ServiceDefaults.Telemetry;

public static class ServiceTelemetryExtensions
{
    /// <summary>
    /// The metrics snapshot the AppHost dashboard polls. Under <c>/internal</c> (the gateway never routes it) and only
    /// for the internal credential; anyone else gets a plain 404, as for an unknown path.
    /// </summary>
    public const string MetricsSnapshotPath = "/internal/metrics";

    /// <summary>
    /// The service meter, the metrics snapshot, and the <c>Server-Timing</c> and HTTP metrics middleware — added in front
    /// of every pipeline by a startup filter, so each service gets them without touching its Program.cs.
    /// </summary>
    public static IHostApplicationBuilder AddServiceTelemetry(this IHostApplicationBuilder builder)
    {
        var meterName = builder.Environment.ApplicationName;
        builder.Services.AddSingleton(services => new ServiceMeter(services.GetRequiredService<IMeterFactory>(), meterName));
        builder.Services.AddSingleton<MetricsSnapshot>();
        builder.Services.AddOptions<ServerTimingOptions>()
            .BindConfiguration(ServerTimingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTransient<IStartupFilter, TelemetryStartupFilter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMetricsSnapshot(this IEndpointRouteBuilder app)
    {
        app.MapGet(MetricsSnapshotPath, (HttpContext context, MetricsSnapshot snapshot, IConfiguration configuration) =>
                InternalApiKey.Matches(context.Request.Headers[InternalApiKey.HeaderName].ToString(), configuration[InternalApiKey.ConfigurationKey])
                    ? Results.Ok(snapshot.Read())
                    : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private sealed class TelemetryStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Created now, not at the first poll, so it has listened since startup.
            app.ApplicationServices.GetRequiredService<MetricsSnapshot>();

            // Outermost, so the timing covers everything the process does before its response starts.
            app.UseMiddleware<ServerTimingMiddleware>();
            app.UseMiddleware<HttpResponseMetricsMiddleware>();
            next(app);
        };
    }
}
