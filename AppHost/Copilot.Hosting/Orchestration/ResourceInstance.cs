using Copilot.Hosting.Health;
using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Orchestration;

/// <summary>How instances probe: fast until first healthy, then at the steady interval.</summary>
internal sealed record HealthSchedule(TimeSpan StartupTimeout, TimeSpan Interval)
{
    public static readonly TimeSpan StartupPollInterval = TimeSpan.FromMilliseconds(250);
}

/// <summary>One replica of a resource: its lifecycle, its health and its log.</summary>
internal abstract class ResourceInstance(int replica, IHealthProbe? probe, HealthSchedule schedule)
{
    private readonly Lock _gate = new();
    private HealthProbeResult? _lastHealth;
    private bool _healthySinceLaunch;
    private DateTimeOffset? _launchedAt;

    /// <summary>Raised the first time the instance passes its probe after each launch.</summary>
    public event Action? BecameHealthy;

    public int Replica { get; } = replica;

    public LogBuffer Logs { get; } = new();

    /// <summary>When the instance was first launched; the startup health timeout counts from here, across restarts.</summary>
    public DateTimeOffset? FirstLaunchedAt { get; private set; }

    public bool EverHealthy { get; private set; }

    public abstract ResourceState State { get; }

    public bool IsHealthy => State is ResourceState.Healthy or ResourceState.Running;

    public abstract void Start();

    public abstract void Restart();

    public abstract Task StopAsync();

    /// <summary>Kills without waiting and never relaunches.</summary>
    public abstract void Kill();

    public abstract InstanceSnapshot Snapshot();

    public string? HealthDescription
    {
        get
        {
            lock (_gate)
            {
                return _lastHealth?.Description;
            }
        }
    }

    /// <summary>The probe-derived state of a launched instance.</summary>
    protected ResourceState LaunchedState
    {
        get
        {
            if (probe is null)
            {
                return ResourceState.Running;
            }

            lock (_gate)
            {
                if (_healthySinceLaunch)
                {
                    return _lastHealth!.IsHealthy ? ResourceState.Healthy : ResourceState.Unhealthy;
                }

                return DateTimeOffset.UtcNow - _launchedAt > schedule.StartupTimeout ? ResourceState.Unhealthy : ResourceState.Starting;
            }
        }
    }

    protected void OnLaunched()
    {
        lock (_gate)
        {
            _launchedAt = DateTimeOffset.UtcNow;
            FirstLaunchedAt ??= _launchedAt;
            _healthySinceLaunch = false;
            _lastHealth = null;
        }

        if (probe is null)
        {
            MarkHealthy();
        }
    }

    /// <summary>Probes until <paramref name="cancellationToken"/> fires (the process exited or the instance stops).</summary>
    protected async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (probe is null)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            HealthProbeResult result;
            try
            {
                result = await probe.CheckAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                result = HealthProbeResult.Unhealthy(exception.Message);
            }

            if (Record(result))
            {
                MarkHealthy();
            }

            var healthy = _healthySinceLaunch;
            try
            {
                await Task.Delay(healthy ? schedule.Interval : HealthSchedule.StartupPollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Stores the result; true when it is the first healthy one since launch.</summary>
    private bool Record(HealthProbeResult result)
    {
        lock (_gate)
        {
            if (_healthySinceLaunch && _lastHealth is { IsHealthy: true } && !result.IsHealthy)
            {
                Logs.Append(LogStream.System, $"health check failing: {result.Description}");
            }

            _lastHealth = result;
            if (!result.IsHealthy || _healthySinceLaunch)
            {
                return false;
            }

            _healthySinceLaunch = true;
            return true;
        }
    }

    private void MarkHealthy()
    {
        EverHealthy = true;
        BecameHealthy?.Invoke();
    }
}
