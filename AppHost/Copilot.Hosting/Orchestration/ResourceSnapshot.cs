namespace Copilot.Hosting.Orchestration;

public enum ResourceState
{
    /// <summary>Not started yet: something it waits for is not healthy.</summary>
    Waiting,

    /// <summary>Launched, its health probe has not passed yet.</summary>
    Starting,

    /// <summary>Up, with no health probe to judge it (executables).</summary>
    Running,
    Healthy,
    Unhealthy,

    /// <summary>Ended and not coming back (a failed preparation, a project that was never built).</summary>
    Exited,

    /// <summary>Exited unexpectedly and waiting out its backoff before relaunching.</summary>
    Restarting,
    Stopped,
}

/// <summary>One replica as the dashboard shows it.</summary>
public sealed record InstanceSnapshot(
    int Replica,
    ResourceState State,
    string? Health,
    int? Pid,
    int RestartCount,
    int? LastExitCode,
    IReadOnlyList<string> Endpoints,
    DateTimeOffset? StartedAt,
    double? UptimeSeconds);

public sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    int Replicas,
    bool IsExternal,
    string? ConnectionString,
    IReadOnlyList<string> WaitsFor,
    IReadOnlyList<InstanceSnapshot> Instances);
