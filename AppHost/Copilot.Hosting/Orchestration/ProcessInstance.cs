using Copilot.Hosting.Health;
using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Orchestration;

/// <summary>A replica backed by a supervised process; probing restarts with every launch.</summary>
internal sealed class ProcessInstance : ResourceInstance
{
    private readonly SupervisedProcess _process;
    private readonly Func<LogBuffer, CancellationToken, Task> _prepare;
    private readonly IReadOnlyList<string> _endpoints;
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _probing = new();
    private Task _starting = Task.CompletedTask;
    private bool _started;
    private bool _preparationFailed;

    /// <param name="prepare">Runs once before the first launch (create data directories, initdb, check the build).</param>
    public ProcessInstance(
        int replica,
        Func<ProcessSpec> spec,
        IHealthProbe? probe,
        HealthSchedule schedule,
        IReadOnlyList<string> endpoints,
        Func<LogBuffer, CancellationToken, Task> prepare,
        Action<LogEntry> echo)
        : base(replica, probe, schedule)
    {
        _prepare = prepare;
        _endpoints = endpoints;
        _process = new SupervisedProcess(spec, Logs, echo);
        _process.Launched += () =>
        {
            var probing = new CancellationTokenSource();
            Volatile.Write(ref _probing, probing);
            OnLaunched();
            _ = ProbeAsync(probing.Token);
        };
        _process.Exited += () => Volatile.Read(ref _probing).Cancel();
    }

    public override ResourceState State
    {
        get
        {
            if (_preparationFailed)
            {
                return ResourceState.Exited;
            }

            return _process.State switch
            {
                SupervisedProcessState.NotStarted => _started ? ResourceState.Starting : ResourceState.Waiting,
                SupervisedProcessState.Running => LaunchedState,
                SupervisedProcessState.Restarting => ResourceState.Restarting,
                _ => ResourceState.Stopped,
            };
        }
    }

    public int? Pid => _process.Pid;

    public override void Start()
    {
        _started = true;
        _starting = StartAfterPreparationAsync();
    }

    public override void Restart() => _process.RequestRestart();

    public override async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _starting;
        await _process.StopAsync();
        await Volatile.Read(ref _probing).CancelAsync();
    }

    public override void Kill()
    {
        _stopping.Cancel();
        _process.Kill();
    }

    public override InstanceSnapshot Snapshot()
    {
        var startedAt = Pid is null ? null : _process.StartedAt;
        return new InstanceSnapshot(
            Replica,
            State,
            HealthDescription,
            Pid,
            _process.RestartCount,
            _process.LastExitCode,
            _endpoints,
            startedAt,
            startedAt is { } since ? Math.Round((DateTimeOffset.UtcNow - since).TotalSeconds, 1) : null);
    }

    private async Task StartAfterPreparationAsync()
    {
        try
        {
            await _prepare(Logs, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            _preparationFailed = true;
            Logs.Append(LogStream.System, $"could not start: {exception.Message}");
            return;
        }

        if (!_stopping.IsCancellationRequested)
        {
            _process.Start();
        }
    }
}
