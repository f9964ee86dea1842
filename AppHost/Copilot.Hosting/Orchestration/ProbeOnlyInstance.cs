using Copilot.Hosting.Health;

namespace Copilot.Hosting.Orchestration;

/// <summary>A resource with no process of its own — a database on a server, or an external server — that is only probed.</summary>
internal sealed class ProbeOnlyInstance(IHealthProbe probe, HealthSchedule schedule, string? endpoint)
    : ResourceInstance(replica: 0, probe, schedule)
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _probing = Task.CompletedTask;
    private bool _started;

    public override ResourceState State => _stopping.IsCancellationRequested
        ? ResourceState.Stopped
        : _started ? LaunchedState : ResourceState.Waiting;

    public override void Start()
    {
        _started = true;
        OnLaunched();
        _probing = ProbeAsync(_stopping.Token);
    }

    /// <summary>Nothing to relaunch; the next probe re-checks (and re-creates a missing database).</summary>
    public override void Restart()
    {
    }

    public override async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _probing;
    }

    public override void Kill() => _stopping.Cancel();

    public override InstanceSnapshot Snapshot() => new(
        Replica,
        State,
        HealthDescription,
        Pid: null,
        RestartCount: 0,
        LastExitCode: null,
        endpoint is null ? [] : [endpoint],
        StartedAt: null,
        UptimeSeconds: null);
}
