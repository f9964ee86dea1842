using System.Net;
using System.Text.Json.Serialization;
using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Copilot.Hosting.Dashboard;

/// <summary>
/// The dashboard: one HTML page and a small JSON API over the orchestrator, served by Kestrel inside the
/// orchestrator process on loopback only.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<DashboardServer> StartAsync(int port, Orchestrator orchestrator, CounterBoard counters, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });

        // The orchestrator's own ASPNETCORE_* variables and logging configuration are meant for services, not for this.
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<IHostLifetime, OrchestratorOwnedLifetime>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        MapEndpoints(app, orchestrator, counters, DateTimeOffset.UtcNow);
        await app.StartAsync(cancellationToken);
        var boundPort = app.Urls.Select(address => new Uri(address).Port).First();
        return new DashboardServer(app, new Uri($"http://127.0.0.1:{boundPort}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void MapEndpoints(WebApplication app, Orchestrator orchestrator, CounterBoard counters, DateTimeOffset startedAt)
    {
        var page = LoadPage();
        app.MapGet("/", () => Results.Text(page, "text/html; charset=utf-8"));

        app.MapGet("/api/resources", () => orchestrator.Snapshot());

        app.MapGet("/api/resources/{name}/{replica:int}/logs", (string name, int replica, long? after) =>
        {
            var logs = orchestrator.FindLogs(name, replica);
            if (logs is null)
            {
                return Results.NotFound();
            }

            var entries = logs.ReadAfter(after ?? 0);
            return Results.Ok(new { entries, next = entries.Count > 0 ? entries[^1].Sequence : after ?? 0 });
        });

        app.MapPost("/api/resources/{name}/{replica:int}/restart", (string name, int replica) =>
            orchestrator.TryRestart(name, replica) ? Results.Accepted() : Results.NotFound());

        app.MapPost("/api/resources/{name}/replicas", async (string name, ReplicaCountRequest request) =>
        {
            try
            {
                await orchestrator.SetReplicasAsync(name, request.Count);
                return Results.Accepted();
            }
            catch (KeyNotFoundException)
            {
                return Results.NotFound();
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentOutOfRangeException)
            {
                return Results.BadRequest(new { error = exception.Message });
            }
        });

        // Live counters of the running system (turns, queues, 429s…), from the sources the AppHost declared.
        app.MapGet("/api/counters", (CancellationToken cancellationToken) => counters.ReadAsync(cancellationToken));

        app.MapGet("/api/metrics", () =>
        {
            var resources = orchestrator.Snapshot();
            return new
            {
                uptimeSeconds = Math.Round((DateTimeOffset.UtcNow - startedAt).TotalSeconds, 1),
                resources = resources.Count,
                replicas = resources.Sum(resource => resource.Instances.Count),
                restarts = resources.Sum(resource => resource.Instances.Sum(instance => instance.RestartCount)),
            };
        });
    }

    private static string LoadPage()
    {
        using var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream("Copilot.Hosting.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record ReplicaCountRequest(int Count);

    /// <summary>Shutdown signals belong to the orchestrator, which stops the dashboard itself, last.</summary>
    private sealed class OrchestratorOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
