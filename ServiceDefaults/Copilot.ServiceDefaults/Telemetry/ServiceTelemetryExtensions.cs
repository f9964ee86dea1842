using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Copilot.ServiceDefaults.Telemetry;

public static class ServiceTelemetryExtensions
{
    /// <summary>
    /// The service meter, and the <c>Server-Timing</c> and HTTP metrics middleware — added in front
    /// of every pipeline by a startup filter, so each service gets them without touching its Program.cs.
    /// </summary>
    public static IHostApplicationBuilder AddServiceTelemetry(this IHostApplicationBuilder builder)
    {
        var meterName = builder.Environment.ApplicationName;
        builder.Services.AddSingleton(services => new ServiceMeter(services.GetRequiredService<IMeterFactory>(), meterName));
        builder.Services.AddOptions<ServerTimingOptions>()
            .BindConfiguration(ServerTimingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTransient<IStartupFilter, TelemetryStartupFilter>();
        return builder;
    }

    private sealed class TelemetryStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Outermost, so the timing covers everything the process does before its response starts.
            app.UseMiddleware<ServerTimingMiddleware>();
            app.UseMiddleware<HttpResponseMetricsMiddleware>();
            next(app);
        };
    }
}
