using Copilot.Bench.Measure;

namespace Copilot.Bench.Target;

/// <summary>
/// Finds the platform's processes, for CPU and memory. Every process of an Aspire application descends from its DCP
/// instance (<c>dcp start-apiserver</c>, detached from the AppHost, whose pid it watches with <c>--monitor</c>), and
/// the gateway, which is not proxied, is found by its listening port. From the gateway: up to DCP, then down through
/// DCP's children, each classified by its command line. Only that DCP's children count, so another AppHost on the
/// same machine (a developer's platform, a test suite's servers) is never measured by mistake.
/// </summary>
public static class ProcessDiscovery
{
    /// <summary>The platform's programs by assembly name (the apphost executable's name, or the .dll's).</summary>
    private static readonly Dictionary<string, string> Services = new(StringComparer.Ordinal)
    {
        ["Copilot.Gateway"] = "gateway",
        ["Copilot.ChatApi"] = "chat-api",
        ["Copilot.Executor"] = "copilot-executor",
        ["Copilot.LlmSim"] = "llm-sim",
        ["Copilot.Usage"] = "usage",
        ["Copilot.Billing"] = "billing",
        ["Aspire.Dashboard"] = "aspire-dashboard",
    };

    /// <summary>
    /// The platform whose gateway listens on <paramref name="gatewayPort"/>: a platform started by <c>./run.sh</c>, or
    /// the benchmark's own AppHost (then the AppHost is this process, measured as the bench client).
    /// </summary>
    public static List<MonitoredProcess> ForPlatform(int gatewayPort)
    {
        var gatewayPid = ProcFs.ListeningProcess(gatewayPort);
        if (gatewayPid is null)
        {
            return [Self()];
        }

        var parents = ProcFs.AllProcessIds()
            .Select(pid => (pid, Times: ProcFs.ReadTimes(pid)))
            .Where(entry => entry.Times is not null)
            .ToDictionary(entry => entry.pid, entry => entry.Times!.Value.ParentId);
        // gateway ← `dotnet run` wrapper ← dcp run-controllers ← dcp start-apiserver (its parent is init). Without
        // a DCP above it (a gateway started some other way), its parent's descendants are searched instead.
        var ancestors = Ancestors(gatewayPid.Value, parents).ToList();
        var root = ancestors.LastOrDefault(pid => ProcFs.CommandLine(pid) is [var program, "start-apiserver", ..] && IsDcp(program));
        if (root == 0)
        {
            root = ancestors.FirstOrDefault();
        }

        var found = new List<MonitoredProcess>();
        if (root > 0 && ProcFs.CommandLine(root) is { } rootCommand && AppHostOf(rootCommand) is { } appHost
            && appHost != Environment.ProcessId && ProcFs.ReadTimes(appHost) is not null)
        {
            // The AppHost checks health and relays logs and telemetry state; in our own stack it is this process.
            found.Add(new MonitoredProcess("apphost", appHost));
        }

        foreach (var pid in parents.Keys.Where(pid => pid == root || Descends(pid, root, parents)).Order())
        {
            if (Classify(ProcFs.CommandLine(pid) ?? []) is not { } program)
            {
                continue;
            }

            // Only the top of a tree: PostgreSQL's backends are counted under their postmaster.
            if (!found.Any(process => process.Tree && Descends(pid, process.Pid, parents)))
            {
                found.Add(new MonitoredProcess(program.Name, pid, program.Tree));
            }
        }

        return [.. Number(found), Self()];
    }

    /// <summary>
    /// What a process of the platform is, from its command line; null for what is not measured: DCP's
    /// <c>monitor-process</c> helpers, the shells that wrap PostgreSQL and RabbitMQ (they only wait), epmd, and the
    /// <c>dotnet run --project … --no-build</c> wrappers DCP launches each project with. A wrapper only waits for its
    /// app (its child, which is measured) and forwards signals; it is ignored rather than counted apart.
    /// </summary>
    private static (string Name, bool Tree)? Classify(string[] commandLine)
    {
        if (commandLine.Length == 0)
        {
            return null;
        }

        // Up to the first space: Redis rewrites its process title into one argument ("redis-server 127.0.0.1:port").
        var program = Path.GetFileName(commandLine[0].Split(' ')[0]);
        switch (program)
        {
            case "redis-server":
                return ("redis", false);
            case "beam.smp":
                return ("rabbitmq", true);
            case "postgres":
                return ("postgres", true);
            case "dcp":
                // The API server and the controllers, which also run the proxies in front of proxied endpoints
                // (chat-api, llm-sim, the executors): every byte between the gateway and chat-api crosses them.
                return commandLine.ElementAtOrDefault(1) switch
                {
                    "start-apiserver" => ("dcp", false),
                    "run-controllers" => ("dcp-controllers", false),
                    _ => null,
                };
            case "dotnet" when commandLine.Contains("run", StringComparer.Ordinal):
                return null;
            case "dotnet":
                // A framework-dependent launch (`dotnet Copilot.X.dll`), as a published layout runs it.
                return commandLine.Skip(1)
                    .Where(argument => argument.EndsWith(".dll", StringComparison.Ordinal))
                    .Select(argument => Services.GetValueOrDefault(Path.GetFileNameWithoutExtension(argument)))
                    .FirstOrDefault(name => name is not null) is { } service ? (service, false) : null;
            default:
                // The built apphost executable, bin/<configuration>/net10.0/Copilot.X, as `dotnet run` starts it.
                return Services.TryGetValue(program, out var name) ? (name, false) : null;
        }
    }

    /// <summary>Replicas get an index (copilot-executor-0, -1, …, by pid); a single instance keeps its plain name.</summary>
    private static IEnumerable<MonitoredProcess> Number(List<MonitoredProcess> found) =>
        found.GroupBy(process => process.Name)
            .SelectMany(group => group.Count() == 1
                ? group
                : group.OrderBy(process => process.Pid)
                    .Select((process, index) => process with { Name = $"{group.Key}-{index}", Service = group.Key }));

    private static bool IsDcp(string program) => Path.GetFileName(program) == "dcp";

    /// <summary>The pid after <c>--monitor</c>: the AppHost this DCP instance belongs to.</summary>
    private static int? AppHostOf(string[] dcpCommandLine)
    {
        var index = Array.IndexOf(dcpCommandLine, "--monitor");
        return index >= 0 && index + 1 < dcpCommandLine.Length && int.TryParse(dcpCommandLine[index + 1], out var pid) ? pid : null;
    }

    private static MonitoredProcess Self() => new("bench client", Environment.ProcessId);

    private static IEnumerable<int> Ancestors(int pid, Dictionary<int, int> parents)
    {
        for (var current = parents.GetValueOrDefault(pid); current > 1; current = parents.GetValueOrDefault(current))
        {
            yield return current;
        }
    }

    private static bool Descends(int pid, int ancestor, Dictionary<int, int> parents) => Ancestors(pid, parents).Contains(ancestor);
}
