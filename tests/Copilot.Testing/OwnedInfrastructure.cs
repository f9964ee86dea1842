using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Copilot.Testing;

/// <summary>
/// Redis, RabbitMQ and PostgreSQL of this test process: the real AppHost in <c>--infra-only</c> mode, started through
/// Aspire's testing builder in a temporary data folder. DCP watches the test host and stops the servers when it exits.
/// </summary>
internal sealed class OwnedInfrastructure : IAsyncDisposable
{
    public static readonly string[] Servers = ["redis", "rabbitmq", "postgres"];

    /// <summary>
    /// Waits for the test host to die, gives DCP time to stop the servers, then deletes the data folder. The test host
    /// is torn down ~100 ms into ProcessExit, often before it could delete anything itself.
    /// </summary>
    private const string JanitorScript = """
        exec </dev/null >/dev/null 2>&1
        while kill -0 "$1" 2>/dev/null; do sleep 1; done
        sleep 15
        rm -rf "$2"
        """;

    private OwnedInfrastructure(DistributedApplication application, InfrastructureState state)
    {
        Application = application;
        State = state;
    }

    public DistributedApplication Application { get; }

    public InfrastructureState State { get; }

    /// <param name="persistentRedis">Keep Redis' data across restarts (a fault-injection test restarts it under load).</param>
    public static async Task<OwnedInfrastructure> StartAsync(bool persistentRedis = false, TimeSpan? timeout = null)
    {
        var data = DataDirectory.Create("copilot-test-infra-");
        StartJanitor(data.FullName);
        string[] arguments = ["--infra-only", "--data-dir", data.FullName, .. persistentRedis ? new[] { "--redis-persistence" } : []];
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Copilot_AppHost>(arguments, deadline.Token);
        var application = await builder.BuildAsync(deadline.Token);
        try
        {
            await application.StartAsync(deadline.Token);
            await Task.WhenAll(Servers.Select(server => application.ResourceNotifications.WaitForResourceHealthyAsync(server, deadline.Token)));
            var management = application.GetEndpoint("rabbitmq", "management");
            var state = new InfrastructureState(
                await application.GetConnectionStringAsync("redis", deadline.Token),
                await application.GetConnectionStringAsync("rabbitmq", deadline.Token),
                $"http://127.0.0.1:{management.Port}/",
                await application.GetConnectionStringAsync("postgres", deadline.Token));
            return new OwnedInfrastructure(application, state);
        }
        catch
        {
            await application.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Restarts a server through Aspire (the dashboard's Restart command) and returns once a process started after
    /// the command is healthy; the server keeps its port and its data folder.
    /// </summary>
    public async Task RestartAsync(string server, CancellationToken cancellationToken)
    {
        // The process that runs now, by its start time: Aspire reports start times at 10 ms resolution, so "started
        // after the command was sent" missed a restart that began within the same 10 ms as the command.
        DateTime? previousStart = Application.ResourceNotifications.TryGetCurrentState(server, out var current)
            ? current.Snapshot.StartTimeStamp
            : null;
        var phase = "the restart command did not complete";
        try
        {
            var result = await Application.ResourceCommands.ExecuteCommandAsync(server, KnownResourceCommands.RestartCommand, cancellationToken);
            if (!result.Success)
            {
                throw new InvalidOperationException($"Restarting {server} failed: {result.Message}");
            }

            phase = "it was restarted but is not healthy";
            await Application.ResourceNotifications.WaitForResourceAsync(
                server,
                update => update.Snapshot.StartTimeStamp is { } started && (previousStart is null || started > previousStart)
                    && update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{server} is not back, {phase}: {DescribeState(server)}", cancellationToken);
        }
    }

    /// <summary>What Aspire last said about a server, for a failure message.</summary>
    private string DescribeState(string server)
    {
        if (!Application.ResourceNotifications.TryGetCurrentState(server, out var resource))
        {
            return "no state reported";
        }

        var snapshot = resource.Snapshot;
        return $"state {snapshot.State?.Text ?? "unknown"}, exit code {snapshot.ExitCode?.ToString() ?? "none"}, "
            + $"health {snapshot.HealthStatus?.ToString() ?? "unknown"}, started {snapshot.StartTimeStamp:O}, stopped {snapshot.StopTimeStamp:O}";
    }

    public async ValueTask DisposeAsync()
    {
        await Application.StopAsync();
        await Application.DisposeAsync();
    }

    private static void StartJanitor(string dataDirectory)
    {
        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", JanitorScript, "copilot-test-janitor", Environment.ProcessId.ToString(), dataDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var janitor = Process.Start(startInfo);
    }
}
