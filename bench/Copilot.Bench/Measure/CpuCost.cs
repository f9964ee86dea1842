namespace Copilot.Bench.Measure;

/// <summary>Which sum a service's CPU goes into.</summary>
public enum CpuGroup
{
    /// <summary>What serving a turn costs in production too: the services and the servers they use.</summary>
    Platform,

    /// <summary>Aspire's DCP and its proxies: there in development, not in a deployment, so kept out of the platform sum.</summary>
    Dcp,

    /// <summary>The simulator (the model stand-in), the benchmark client, the AppHost: listed for scale only.</summary>
    Other,
}

/// <summary>One service's CPU over a measured window (replicas summed), and what it is per turn and per text delta.</summary>
public sealed record ServiceCpu(string Service, int Processes, CpuGroup Group, double CpuMs, double? MsPerTurn, double? UsPerDelta);

/// <summary>
/// CPU cost of the work done in one measured window: each service's CPU time divided by the turns completed and the
/// text deltas delivered in it. The platform sum is the number to watch across changes: it depends far less than the
/// latency taxes on how busy the machine is (queueing for a core costs time, not CPU).
/// </summary>
public sealed class CpuCost
{
    private static readonly Dictionary<string, CpuGroup> Groups = new(StringComparer.Ordinal)
    {
        ["gateway"] = CpuGroup.Platform,
        ["chat-api"] = CpuGroup.Platform,
        ["copilot-executor"] = CpuGroup.Platform,
        ["usage"] = CpuGroup.Platform,
        ["billing"] = CpuGroup.Platform,
        ["redis"] = CpuGroup.Platform,
        ["rabbitmq"] = CpuGroup.Platform,
        ["postgres"] = CpuGroup.Platform,
        ["dcp"] = CpuGroup.Dcp,
        ["dcp-controllers"] = CpuGroup.Dcp,
    };

    private CpuCost(int turns, int deltas, double seconds, IReadOnlyList<ServiceCpu> services)
    {
        Turns = turns;
        Deltas = deltas;
        Seconds = seconds;
        Services = services;
        Platform = Sum("platform (sum)", CpuGroup.Platform);
        Dcp = Sum("DCP (sum)", CpuGroup.Dcp);
    }

    public int Turns { get; }

    public int Deltas { get; }

    public double Seconds { get; }

    /// <summary>Platform services first, in the order a turn's deltas cross them, then DCP, then the rest.</summary>
    public IReadOnlyList<ServiceCpu> Services { get; }

    public ServiceCpu Platform { get; }

    public ServiceCpu Dcp { get; }

    /// <param name="turns">Turns completed in the window.</param>
    /// <param name="deltas">Text deltas delivered to clients in the window.</param>
    public static CpuCost Of(UsageWindow window, int turns, int deltas)
    {
        var order = Groups.Keys.ToList();
        var services = window.Processes
            .GroupBy(process => process.Service, StringComparer.Ordinal)
            .Select(service => Row(service.Key, service.Count(), Groups.GetValueOrDefault(service.Key, CpuGroup.Other),
                service.Sum(process => process.CpuSeconds) * 1000, turns, deltas))
            .OrderBy(service => service.Group)
            .ThenBy(service => order.IndexOf(service.Service) is var index and >= 0 ? index : int.MaxValue)
            .ToList();
        return new CpuCost(turns, deltas, window.Seconds, services);
    }

    /// <summary>Every service and the platform sum (key <c>platform</c>), in µs per text delta (null without deltas).</summary>
    public Dictionary<string, double?> UsPerDeltaByService() =>
        Services.Append(Platform).ToDictionary(service => service == Platform ? "platform" : service.Service,
            service => Round(service.UsPerDelta), StringComparer.Ordinal);

    public static double? Round(double? value) => value is { } number ? Math.Round(number, 3) : null;

    private ServiceCpu Sum(string name, CpuGroup group)
    {
        var members = Services.Where(service => service.Group == group).ToList();
        return Row(name, members.Sum(service => service.Processes), group, members.Sum(service => service.CpuMs), Turns, Deltas);
    }

    private static ServiceCpu Row(string service, int processes, CpuGroup group, double cpuMs, int turns, int deltas) =>
        new(service, processes, group, cpuMs, turns > 0 ? cpuMs / turns : null, deltas > 0 ? cpuMs * 1000 / deltas : null);
}
