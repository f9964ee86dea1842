using System.Diagnostics;
using System.Runtime.InteropServices;
using Copilot.Hosting.Dashboard;
using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Infrastructure;
using Copilot.Hosting.Orchestration;
using Copilot.Hosting.Processes;
using Copilot.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Copilot.Hosting;

/// <summary>A built application: its resources run as supervised local processes (Aspire's <c>DistributedApplication</c>).</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationOptions _options;
    private readonly IReadOnlyList<IResource> _resources;
    private readonly Orchestrator _orchestrator;
    private readonly CounterBoard _counters;
    private DashboardServer? _dashboard;
    private int _stopped;

    internal DistributedApplication(
        DistributedApplicationOptions options, IConfiguration configuration, IReadOnlyList<IResource> resources,
        IReadOnlyList<ICounterSource> counterSources, Func<string> repositoryRoot)
    {
        _options = options;
        _resources = options.InfrastructureOnly ? resources.OfType<InfrastructureServerResource>().ToList() : resources;
        RunDirectory = RunFolder.Create(options, repositoryRoot);
        _orchestrator = new Orchestrator(options, configuration, _resources, RunDirectory);
        _counters = new CounterBoard(counterSources);
    }

    /// <summary>Folder holding this run's infrastructure data; deleted on stop unless <c>--keep-data</c>.</summary>
    public string RunDirectory { get; }

    /// <summary>Null until started, or when the dashboard is disabled.</summary>
    public Uri? DashboardUrl => _dashboard?.Url;

    /// <summary>Parses the AppHost's command line; <c>--help</c> prints the flags and exits.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[] args)
    {
        if (args.Any(argument => argument is "--help" or "-h"))
        {
            Console.WriteLine(DistributedApplicationOptions.Usage);
            Environment.Exit(0);
        }

        return CreateBuilder(DistributedApplicationOptions.Parse(args));
    }

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new DistributedApplicationBuilder(options);

    public IReadOnlyList<ResourceSnapshot> GetResources() => _orchestrator.Snapshot();

    public IReadOnlyList<LogEntry> GetLogs(string name, int replica, long after = 0) =>
        _orchestrator.FindLogs(name, replica)?.ReadAfter(after) ?? [];

    /// <summary>Gracefully stops the replica and launches it again; false when there is no such replica.</summary>
    /// <summary>What the dashboard's counters show now (<c>GET /api/counters</c>).</summary>
    public Task<CounterReport> ReadCountersAsync(CancellationToken cancellationToken = default) => _counters.ReadAsync(cancellationToken);

    public bool Restart(string name, int replica) => _orchestrator.TryRestart(name, replica);

    public Task SetReplicasAsync(string name, int count) => _orchestrator.SetReplicasAsync(name, count);

    /// <summary>Connection info of the first Redis, RabbitMQ and PostgreSQL server, as the <c>--state-file</c> holds it.</summary>
    public InfrastructureState GetInfrastructureState()
    {
        var servers = _resources.OfType<InfrastructureServerResource>().ToList();
        var rabbit = servers.OfType<RabbitMQServerResource>().FirstOrDefault();
        return new InfrastructureState(
            servers.OfType<RedisResource>().FirstOrDefault()?.ConnectionString,
            rabbit?.ConnectionString,
            rabbit?.ManagementUrl?.ToString(),
            servers.OfType<PostgresServerResource>().FirstOrDefault()?.ConnectionString);
    }

    /// <summary>Starts every resource in <c>WaitFor</c> order and returns once all are healthy.</summary>
    /// <exception cref="TimeoutException">A resource did not become healthy in time; the others keep running until stopped.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        if (_options.DashboardPort is { } port)
        {
            _dashboard = await DashboardServer.StartAsync(port, _orchestrator, _counters, cancellationToken);
            _options.Output.WriteLine($"Dashboard: {_dashboard.Url}");
        }

        await _orchestrator.StartAsync(cancellationToken);
        if (_options.InfrastructureOnly && _options.StateFilePath is { } stateFile)
        {
            await GetInfrastructureState().WriteAtomicallyAsync(stateFile, cancellationToken);
        }

        WriteStartedSummary(stopwatch.Elapsed);
    }

    /// <summary>Stops projects, then infrastructure, then the dashboard; leaves no process behind. Idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _orchestrator.StopAsync();
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }

        await _counters.DisposeAsync();
        if (_options.InfrastructureOnly && _options.StateFilePath is { } stateFile)
        {
            File.Delete(stateFile);
        }

        if (!_options.KeepData)
        {
            RunFolder.Delete(RunDirectory, _options.Output);
        }
    }

    /// <summary>
    /// Kills every process of the application at once and deletes its run folder (unless kept) — for exit paths
    /// such as <see cref="AppDomain.ProcessExit"/> where a host may be torn down before an orderly stop could finish.
    /// </summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _orchestrator.Kill();
        if (!_options.KeepData)
        {
            RunFolder.Delete(RunDirectory, _options.Output);
        }
    }

    /// <summary>Starts the application and runs until Ctrl+C or SIGTERM (or the token), then stops it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var signals = RegisterShutdownSignals(shutdown);
        try
        {
            await StartAsync(shutdown.Token);
            await WaitUntilCancelledAsync(shutdown.Token);
        }
        catch (TimeoutException exception)
        {
            _options.Output.WriteLine(exception.Message);
            _options.Output.WriteLine("The other resources keep running; see the dashboard. Press Ctrl+C to stop.");
            await WaitUntilCancelledAsync(shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Asked to stop while starting.
        }
        finally
        {
            _options.Output.WriteLine("Stopping…");
            await StopAsync();
            _options.Output.WriteLine("Stopped.");
        }
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>
    /// The first SIGINT/SIGTERM starts an orderly stop; another one at least two seconds later kills every
    /// process group and exits at once. (A signal sent to both a process and its group — as <c>timeout</c> and
    /// service managers do — arrives twice within milliseconds and must not count as the impatient second one.)
    /// The handlers cancel the default termination so the orchestrator outlives the signal and can stop its
    /// children; Console.CancelKeyPress is this same SIGINT hook on Linux.
    /// </summary>
    private IDisposable RegisterShutdownSignals(CancellationTokenSource shutdown)
    {
        var firstSignalAt = long.MaxValue;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.CompareExchange(ref firstSignalAt, Environment.TickCount64, long.MaxValue) == long.MaxValue)
            {
                shutdown.Cancel();
                return;
            }

            if (Environment.TickCount64 - Interlocked.Read(ref firstSignalAt) >= 2000)
            {
                _options.Output.WriteLine("Second signal: killing every process now.");
                ProcessGroup.KillAll();
                Environment.Exit(130);
            }
        }

        var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, OnSignal)).ToList();
        return new CompositeDisposable(registrations);
    }

    private static async Task WaitUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The signal to stop.
        }
    }

    private void WriteStartedSummary(TimeSpan elapsed)
    {
        var output = _options.Output;
        output.WriteLine($"All {_resources.Count} resources healthy in {elapsed.TotalSeconds:0.0} s.");
        if (_dashboard is not null)
        {
            output.WriteLine($"  Dashboard: {_dashboard.Url}");
        }

        foreach (var project in _resources.OfType<ProjectResource>().Where(project => project.HasExternalHttpEndpoints))
        {
            output.WriteLine($"  {project.Name}: {project.HttpEndpoints[0]}");
        }

        if (_options.InfrastructureOnly)
        {
            var state = GetInfrastructureState();
            output.WriteLine($"  redis: {state.Redis}{Environment.NewLine}  rabbitmq: {state.RabbitMQ} (management {state.RabbitMQManagement}){Environment.NewLine}  postgres: {state.Postgres}");
            if (_options.StateFilePath is not null)
            {
                output.WriteLine($"  state file: {Path.GetFullPath(_options.StateFilePath)}");
            }
        }
    }

    private sealed class CompositeDisposable(IReadOnlyList<IDisposable> parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }
}
