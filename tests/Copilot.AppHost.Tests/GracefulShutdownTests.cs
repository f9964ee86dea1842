using System.Diagnostics;
using System.Text.RegularExpressions;
using Copilot.Testing;
using Copilot.Testing.Processes;
using Xunit.Abstractions;
using PortAllocator = Copilot.Testing.Processes.PortAllocator;

namespace Copilot.AppHost.Tests;

/// <summary>The AppHost as <c>./run.sh</c> runs it, stopped the way an operator or a supervisor stops it: SIGTERM.</summary>
public sealed partial class GracefulShutdownTests(ITestOutputHelper output)
{
    /// <summary>Every service instance the AppHost runs: two executors and one of each other project.</summary>
    private const int ServiceInstances = 7;

    [Fact]
    public async Task SIGTERM_mid_turn_stops_every_service_gracefully_then_the_servers_and_leaves_no_process_behind()
    {
        var data = DataDirectory.Create();
        var gateway = new Uri($"http://127.0.0.1:{PortAllocator.GetFreePort()}/");
        var logs = new LogBuffer();
        var appHost = StartAppHost(data.FullName, gateway, logs);
        try
        {
            await WaitUntilAsync(() => logs.Tail(LogBuffer.DefaultCapacity).Any(entry => entry.Text.Contains("Every service is up")), TimeSpan.FromMinutes(4), appHost, logs);

            // A long answer is streaming when the stop comes: its executor must still stop cleanly.
            using var user = await ChatClient.SignInAsync(gateway, $"shutdown-{Guid.NewGuid():N}");
            var session = await user.CreateSessionAsync();
            using var response = await user.SendAsync(session, "tell me a lot [sim:long=400] [sim:delay=50]");
            var firstText = await ChatClient.ReadAsync(response, stopAfter: sse => sse.Type == "text-delta");
            firstText.Events.Should().Contain(sse => sse.Type == "text-delta", "the turn is running when the AppHost is stopped");

            var stopping = Stopwatch.StartNew();
            appHost.SignalLeader(UnixSignal.Terminate);
            var exited = await Task.WhenAny(appHost.Exited, Task.Delay(TimeSpan.FromSeconds(90)));
            var text = string.Join('\n', logs.Tail(LogBuffer.DefaultCapacity).Select(entry => entry.Text));
            output.WriteLine(text);

            exited.Should().BeSameAs(appHost.Exited, "the AppHost stops within 90 s of SIGTERM");
            (await appHost.Exited).Should().Be(0);
            output.WriteLine($"Stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
            var stopped = StoppedLine().Matches(text).Select(match => (Instance: match.Groups["instance"].Value, Code: match.Groups["code"].Value)).ToList();
            stopped.Should().HaveCount(ServiceInstances, "each service instance is stopped before the servers");
            stopped.Should().OnlyContain(instance => instance.Code == "0", "a service that stopped gracefully exits with 0 (a killed one with 137)");
            stopped.Count(instance => instance.Instance.StartsWith("copilot-executor-", StringComparison.Ordinal)).Should().Be(2);

            await WaitUntilAsync(() => ProcessTable.WithCommandLineContaining(data.FullName).Count == 0, TimeSpan.FromSeconds(30), appHost: null, logs);
            ProcessTable.WithCommandLineContaining(data.FullName).Should().BeEmpty("no server outlives the AppHost");
            ClusterState(Path.Combine(data.FullName, "postgres", "data")).Should().Be("shut down", "PostgreSQL got its fast, clean shutdown");
        }
        finally
        {
            if (!appHost.HasExited)
            {
                await appHost.StopAsync(TimeSpan.FromSeconds(20));
            }

            DataDirectory.Delete(data);
        }
    }

    private static ProcessGroup StartAppHost(string dataDirectory, Uri gateway, LogBuffer logs) => AppHostProcess.Start(
        [
            "--data-dir", dataDirectory, "--gateway-port", gateway.Port.ToString(),
            "--dashboard-port", PortAllocator.GetFreePort().ToString(),
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{PortAllocator.GetFreePort()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{PortAllocator.GetFreePort()}",
        ],
        logs);

    /// <summary>Gives up at once when the AppHost has exited, with its output, rather than waiting out <paramref name="within"/>.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within, ProcessGroup? appHost, LogBuffer logs)
    {
        var held = await Eventually.ReadAsync(() => Task.FromResult(condition()), until: held => held || appHost is { HasExited: true }, within);
        if (!held)
        {
            throw new TimeoutException($"Gave up after {within.TotalSeconds:0} s (AppHost exited: {appHost?.HasExited ?? false}). AppHost output:\n" +
                string.Join('\n', logs.Tail(200).Select(entry => entry.Text)));
        }
    }

    /// <summary>pg_controldata's "Database cluster state" of the data folder ("shut down" after a clean stop).</summary>
    private static string ClusterState(string dataDirectory)
    {
        var binaries = Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin", "pg_controldata")).First(File.Exists);
        using var process = Process.Start(new ProcessStartInfo(binaries, [dataDirectory]) { RedirectStandardOutput = true })!;
        var report = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return ClusterStateLine().Match(report).Groups["state"].Value.Trim();
    }

    [GeneratedRegex(@"Stopped (?<instance>\S+) with exit code (?<code>\S*)")]
    private static partial Regex StoppedLine();

    [GeneratedRegex(@"Database cluster state:\s*(?<state>.+)")]
    private static partial Regex ClusterStateLine();
}
