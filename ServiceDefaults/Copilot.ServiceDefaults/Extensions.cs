using Copilot.ServiceDefaults.Problems;
using Copilot.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting defaults every service shares, in the shape of Aspire's ServiceDefaults template:
/// service discovery, HTTP resilience, OpenTelemetry, health checks and problem details.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// Activity sources of the libraries the services use that have no Aspire client integration; registered once so
    /// every service traces them. Npgsql, Redis and RabbitMQ.Client are registered by their integrations
    /// (AddNpgsqlDbContext, AddRedisClient, AddRabbitMQClient) in the services that use them.
    /// </summary>
    private static readonly string[] LibraryActivitySources =
    [
        "MassTransit",
        "Yarp.ReverseProxy",
        "Copilot.*",
    ];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddServiceTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddCopilotProblemDetails();

        // Orchestrators give a stopping process a few seconds before they kill it (Aspire's DCP 6 s, then SIGKILL);
        // open SSE streams and in-flight requests get this long to finish, then are cut so clients resume elsewhere.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));

        // A chat message is small; anything bigger is refused with 413 before it is buffered. Endpoints that take
        // uploads raise their own limit.
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("RequestLimits:MaxBodyBytes", DefaultMaxRequestBodyBytes));
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // "Copilot.*" takes in the service's own meter (ServiceMeter: Copilot.ChatApi, Copilot.Executor, …).
                .AddMeter("MassTransit", "Copilot.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(LibraryActivitySources)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes would drown real traffic in the trace store.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>
    /// Whether traces and metrics leave the process (an OTLP endpoint is configured). Instrumentation that costs
    /// something per operation (Redis command profiling) is only added then: without an exporter nobody sees it.
    /// </summary>
    public static bool ExportsTelemetry(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.ExportsTelemetry())
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// <c>/health</c> is readiness (every registered check, the service's dependencies included);
    /// <c>/alive</c> is liveness (only checks tagged "live"). Both are anonymous so orchestrators can probe them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous();
        return app;
    }
}
