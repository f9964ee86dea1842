using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Copilot.Bench.Client;
using Copilot.Bench.Measure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Copilot.Bench.Target;

/// <summary>The system under test: its public entry, the simulator behind it (for the baseline), and its processes.</summary>
public sealed class BenchTarget : IAsyncDisposable
{
    /// <summary>Cold start is ~15 s on an idle 2-core machine (RabbitMQ is the critical path); a busy one takes longer.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly DistributedApplication? _application;
    private readonly DirectoryInfo? _dataDirectory;

    private BenchTarget(string description, Uri gateway, Uri simulator, Uri? chatApi, TokenSource tokens,
        IReadOnlyList<MonitoredProcess> processes, DistributedApplication? application = null, DirectoryInfo? dataDirectory = null)
    {
        Description = description;
        Gateway = new PlatformClient(gateway, tokens);
        ChatApi = chatApi is null ? null : new PlatformClient(chatApi, tokens);
        Simulator = new SimulatorClient(simulator);
        Monitor = new ProcessMonitor(processes);
        _application = application;
        _dataDirectory = dataDirectory;
    }

    public string Description { get; }

    public PlatformClient Gateway { get; }

    /// <summary>chat-api without the gateway in front, to isolate the gateway hop; only when the platform is ours.</summary>
    public PlatformClient? ChatApi { get; }

    public SimulatorClient Simulator { get; }

    public ProcessMonitor Monitor { get; }

    /// <summary>
    /// The real AppHost (<c>AppHost/Copilot.AppHost</c>), started in this process through Aspire's testing builder
    /// with its own data folder and gateway port: local Redis, RabbitMQ and PostgreSQL, llm-sim, usage, billing, one
    /// chat-api, <see cref="BenchOptions.Executors"/> executors and the gateway, exactly as <c>./run.sh</c> wires them,
    /// except for the knobs set in <see cref="Adjust"/>. The testing builder leaves the Aspire dashboard off, so the
    /// services export no telemetry.
    /// </summary>
    public static async Task<BenchTarget> StartAsync(BenchOptions options)
    {
        var data = Directory.CreateTempSubdirectory("copilot-bench-");
        // PostgreSQL and RabbitMQ run as their own accounts and must reach their folders inside.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var gatewayPort = FreePort();
        DistributedApplication? application = null;
        try
        {
            using var deadline = new CancellationTokenSource(StartTimeout);
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Copilot_AppHost>(
                ["--data-dir", data.FullName, "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture)], deadline.Token);
            // The resources' output and the start's failed health probes are forwarded to this process' logging:
            // keep the benchmark's console for the benchmark (./run.sh shows the services' logs).
            builder.Services.AddLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Copilot.AppHost.Resources", LogLevel.None)
                .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
                .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error));
            Adjust(builder, options);
            application = await builder.BuildAsync(deadline.Token);
            await application.StartAsync(deadline.Token);
            await WaitUntilHealthyAsync(application, deadline.Token);

            var gateway = new Uri($"http://127.0.0.1:{gatewayPort}/");
            // chat-api and llm-sim are proxied: these are DCP's proxies in front of them, which the gateway (to
            // chat-api) and the executors (to llm-sim) go through as well, so each comparison path keeps that hop.
            var chatApi = application.GetEndpoint("chat-api", "http");
            var simulator = application.GetEndpoint("llm-sim", "http");
            var tokens = TokenSource.FromDevelopmentEndpoint(new HttpClient { BaseAddress = gateway });
            var description = $"the AppHost, started by the benchmark: gateway, 1 chat-api, {options.Executors} executors " +
                $"(MaxConcurrentTurns {options.TurnsPerExecutor}), usage, billing, llm-sim, local Redis/RabbitMQ/PostgreSQL, " +
                "all under DCP (chat-api and llm-sim behind DCP's proxy; no dashboard, no telemetry export)";
            return new BenchTarget(description, gateway, simulator, chatApi, tokens, ProcessDiscovery.ForPlatform(gatewayPort), application, data);
        }
        catch
        {
            if (application is not null)
            {
                await StopAsync(application);
            }

            DeleteQuietly(data);
            throw;
        }
    }

    public static BenchTarget Connect(BenchOptions options)
    {
        var gateway = options.Gateway ?? throw new ArgumentException("--gateway is required to measure a running platform.");
        var processes = ProcessDiscovery.ForPlatform(gateway.Port);
        var simulator = options.Simulator
            ?? processes.Where(process => process.Name == "llm-sim").SelectMany(process => ProcFs.ListeningPorts(process.Pid))
                .Select(port => new Uri($"http://127.0.0.1:{port}/")).FirstOrDefault()
            ?? throw new ArgumentException("No simulator found next to the gateway: pass --sim URL (the baseline calls it directly).");
        var tokens = TokenSource.FromDevelopmentEndpoint(new HttpClient { BaseAddress = gateway });
        return new BenchTarget($"running platform at {gateway} (simulator {simulator})", gateway, simulator, null, tokens, processes);
    }

    /// <summary>
    /// The benchmark's knobs, applied to the AppHost's model before it is built: the executors' count and their
    /// concurrent turns, and a development-token rate limit the run's users cannot reach (the gateway allows 60 a
    /// minute per client address). The simulator keeps its defaults: every measured turn sets its timing with markers.
    /// Without the dashboard there is nobody to export telemetry to (Aspire still points the services at
    /// localhost:4317): the exporter is turned off rather than left retrying against a closed port.
    /// </summary>
    private static void Adjust(IDistributedApplicationTestingBuilder builder, BenchOptions options)
    {
        var projects = builder.Resources.OfType<ProjectResource>().ToDictionary(project => project.Name, StringComparer.Ordinal);
        foreach (var project in projects.Values)
        {
            // ServiceDefaults adds the OTLP exporter only when this is set to something.
            builder.CreateResourceBuilder(project).WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        }

        builder.CreateResourceBuilder(projects["copilot-executor"])
            .WithAnnotation(new ReplicaAnnotation(options.Executors), ResourceAnnotationMutationBehavior.Replace)
            .WithEnvironment("Executor__MaxConcurrentTurns", options.TurnsPerExecutor.ToString(CultureInfo.InvariantCulture));
        builder.CreateResourceBuilder(projects["gateway"])
            .WithEnvironment("RateLimiting__Anonymous__PermitLimit", "100000");
    }

    /// <summary>Every instance of every project (each executor replica) Running and Healthy; fails at once if one ends.</summary>
    private static async Task WaitUntilHealthyAsync(DistributedApplication application, CancellationToken cancellationToken)
    {
        var model = application.Services.GetRequiredService<DistributedApplicationModel>();
        var expected = model.Resources.OfType<ProjectResource>().ToDictionary(project => project.Name, project => project.GetReplicaCount());
        var latest = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
        try
        {
            await foreach (var update in application.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (!expected.ContainsKey(update.Resource.Name))
                {
                    continue;
                }

                if (update.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state))
                {
                    throw new InvalidOperationException($"{update.ResourceId} stopped while the platform was starting: {state}.");
                }

                latest[update.ResourceId] = update;
                var healthy = latest.Values
                    .Where(instance => instance.Snapshot.State?.Text == KnownResourceStates.Running
                        && instance.Snapshot.HealthStatus == HealthStatus.Healthy)
                    .GroupBy(instance => instance.Resource.Name)
                    .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
                if (expected.All(project => healthy.GetValueOrDefault(project.Key) >= project.Value))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var waiting = expected.Keys.Where(name => !latest.Values.Any(instance => instance.Resource.Name == name
                && instance.Snapshot.HealthStatus == HealthStatus.Healthy));
            throw new TimeoutException($"The platform was not healthy within {StartTimeout.TotalMinutes:0} min; waiting for {string.Join(", ", waiting)}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Disposing stops the application (services first, then the servers) and DCP with it.</summary>
    private static async Task StopAsync(DistributedApplication application) => await application.DisposeAsync();

    /// <summary>Best effort: a server DCP has not quite stopped yet may still hold or write a file.</summary>
    private static void DeleteQuietly(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory.FullName}: {exception.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Monitor.DisposeAsync();
        Gateway.Dispose();
        ChatApi?.Dispose();
        Simulator.Dispose();
        if (_application is not null)
        {
            await StopAsync(_application);
        }

        if (_dataDirectory is not null)
        {
            DeleteQuietly(_dataDirectory);
        }
    }
}
