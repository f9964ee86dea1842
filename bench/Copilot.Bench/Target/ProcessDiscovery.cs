using System.Text.RegularExpressions;
using Copilot.Bench.Measure;
using Copilot.Testing;

namespace Copilot.Bench.Target;

/// <summary>Finds the platform's processes, for CPU and memory: by the stack's own pids, listening ports or command lines.</summary>
public static partial class ProcessDiscovery
{
    /// <summary>Command-line fragments of the platform's programs, as the AppHost and the test stack launch them.</summary>
    private static readonly (string Fragment, string Name, bool Tree)[] Programs =
    [
        ("Copilot.Gateway.dll", "gateway", false),
        ("Copilot.ChatApi.dll", "chat-api", false),
        ("Copilot.Executor.dll", "copilot-executor", false),
        ("Copilot.LlmSim.dll", "llm-sim", false),
        ("Copilot.Usage.dll", "usage", false),
        ("Copilot.Billing.dll", "billing", false),
        ("redis-server", "redis", false),
        ("beam.smp", "rabbitmq", true),
        ("bin/postgres", "postgres", true),
    ];

    public static List<MonitoredProcess> ForStack(CopilotStack stack)
    {
        var services = new[] { stack.Gateway!, stack.LlmSim, stack.Usage }.Concat(stack.ChatApis).Concat(stack.Executors)
            .OfType<ServiceProcess>()
            .Select(service => new MonitoredProcess(service.Name, service.Pid));
        var infrastructure = stack.Infrastructure;
        var servers = new (string Name, int? Port, bool Tree)[]
        {
            ("redis", PortOf(infrastructure.RedisConnectionString), false),
            ("rabbitmq", new Uri(infrastructure.RabbitMQConnectionString).Port, true),
            ("postgres", PortOf(infrastructure.PostgresConnectionString), true),
        };
        var found = servers
            .Select(server => (server, Pid: server.Port is { } port ? ProcFs.ListeningProcess(port) : null))
            .Where(pair => pair.Pid is not null)
            .Select(pair => new MonitoredProcess(pair.server.Name, pair.Pid!.Value, pair.server.Tree));
        return [.. services, .. found, Self()];
    }

    /// <summary>
    /// A platform started elsewhere (<c>./run.sh</c>): the process listening on the gateway's port, and every
    /// process its parent (the AppHost) started whose command line names one of the platform's programs.
    /// </summary>
    public static List<MonitoredProcess> ForRunningPlatform(Uri gateway)
    {
        var gatewayPid = ProcFs.ListeningProcess(gateway.Port);
        if (gatewayPid is null || ProcFs.ReadTimes(gatewayPid.Value) is not { } gatewayTimes)
        {
            return [Self()];
        }

        var parents = ProcFs.AllProcessIds()
            .Select(pid => (pid, Times: ProcFs.ReadTimes(pid)))
            .Where(entry => entry.Times is not null)
            .ToDictionary(entry => entry.pid, entry => entry.Times!.Value.ParentId);
        var found = new List<MonitoredProcess>();
        foreach (var pid in parents.Keys.Where(pid => Descends(pid, gatewayTimes.ParentId, parents)).Order())
        {
            var commandLine = ProcFs.TryRead($"/proc/{pid}/cmdline")?.Replace('\0', ' ') ?? "";
            if (commandLine.Contains("copilot-launcher", StringComparison.Ordinal))
            {
                // The process-group launcher's watchdog repeats its service's command line but is not the service.
                continue;
            }

            var program = Programs.FirstOrDefault(program => commandLine.Contains(program.Fragment, StringComparison.Ordinal));
            // Only the top of a tree: PostgreSQL's backends are counted under their postmaster.
            if (program.Name is not null && !(program.Tree && found.Any(process => process.Tree && Descends(pid, process.Pid, parents))))
            {
                var sameName = found.Count(process => process.Name.StartsWith(program.Name, StringComparison.Ordinal));
                found.Add(new MonitoredProcess(sameName == 0 ? program.Name : $"{program.Name}-{sameName}", pid, program.Tree));
            }
        }

        return [.. found, Self()];
    }

    private static MonitoredProcess Self() => new("bench client", Environment.ProcessId);

    private static bool Descends(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var current = parents.GetValueOrDefault(pid); current > 1; current = parents.GetValueOrDefault(current))
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The port of <c>host:port</c> (StackExchange.Redis) or of <c>Port=N</c> (Npgsql).</summary>
    private static int? PortOf(string connectionString) =>
        PortPattern().Match(connectionString) is { Success: true } match ? int.Parse(match.Groups[1].Value) : null;

    [GeneratedRegex(@"(?:^[^,=;]+:|Port=)(\d+)")]
    private static partial Regex PortPattern();
}
