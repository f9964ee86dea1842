namespace Copilot.Hosting.Processes;

public enum SupervisedProcessState
{
    NotStarted,
    Running,
    Restarting,
    Stopped,
}

/// <summary>
/// Keeps one process running: relaunches it with <see cref="RestartBackoff"/> when it exits unexpectedly,
/// relaunches it at once on request, and captures its output into a <see cref="LogBuffer"/>.
/// </summary>
public sealed class SupervisedProcess : IAsyncDisposable
{
    private readonly Func<ProcessSpec> _spec;
    private readonly Action<LogEntry>? _onLog;
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _restartRequest = new();
    private Task _supervision = Task.CompletedTask;
    private ProcessGroup? _current;
    private int _restartCount;

    /// <param name="spec">Evaluated at every launch, so a relaunch picks up what changed since (a referenced project's new replicas).</param>
    /// <param name="onLog">Sees every captured line, e.g. to echo noteworthy ones to the console.</param>
    public SupervisedProcess(Func<ProcessSpec> spec, LogBuffer logs, Action<LogEntry>? onLog = null)
    {
        _spec = spec;
        Logs = logs;
        _onLog = onLog;
    }

    /// <summary>Raised after every launch, on the supervision task.</summary>
    public event Action? Launched;

    /// <summary>Raised after every exit, before any relaunch.</summary>
    public event Action? Exited;

    public LogBuffer Logs { get; }

    public SupervisedProcessState State { get; private set; } = SupervisedProcessState.NotStarted;

    public int? Pid => _current is { HasExited: false } current ? current.Id : null;

    public DateTimeOffset? StartedAt => _current?.StartedAt;

    public int RestartCount => Volatile.Read(ref _restartCount);

    public int? LastExitCode { get; private set; }

    public void Start()
    {
        if (State != SupervisedProcessState.NotStarted)
        {
            throw new InvalidOperationException("The process was already started.");
        }

        _supervision = Task.Run(SuperviseAsync);
    }

    /// <summary>Stops the running process gracefully and launches it again without backoff.</summary>
    public void RequestRestart() => Volatile.Read(ref _restartRequest).Cancel();

    /// <summary>Stops the process (stop signal, grace period, then kill) and ends supervision.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _supervision;
        State = SupervisedProcessState.Stopped;
    }

    /// <summary>Kills the process group at once and ends supervision, for exit paths with no time to wait.</summary>
    public void Kill()
    {
        _stopping.Cancel();
        _current?.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task SuperviseAsync()
    {
        var consecutiveFailures = 0;
        while (!_stopping.IsCancellationRequested)
        {
            // Not disposed when replaced: a restart request may still be cancelling it, and it owns no timer.
            var restartRequest = new CancellationTokenSource();
            Volatile.Write(ref _restartRequest, restartRequest);
            var exitCode = await RunOnceAsync(restartRequest.Token);
            LastExitCode = exitCode;
            Exited?.Invoke();

            if (_stopping.IsCancellationRequested)
            {
                break;
            }

            if (restartRequest.IsCancellationRequested)
            {
                Record("restarting on request");
                consecutiveFailures = 0;
                Interlocked.Increment(ref _restartCount);
                continue;
            }

            var ranStably = _current is not null && DateTimeOffset.UtcNow - _current.StartedAt >= RestartBackoff.StableRunTime;
            consecutiveFailures = ranStably ? 1 : consecutiveFailures + 1;
            var delay = RestartBackoff.ForAttempt(consecutiveFailures);
            State = SupervisedProcessState.Restarting;
            Record($"exited unexpectedly with code {exitCode}; restarting in {delay.TotalSeconds:0.#} s");
            if (!await DelayUnlessInterruptedAsync(delay, restartRequest.Token))
            {
                break;
            }

            Interlocked.Increment(ref _restartCount);
        }

        State = SupervisedProcessState.Stopped;
    }

    /// <summary>Launches once and waits for the exit; returns null when the launch itself failed.</summary>
    private async Task<int?> RunOnceAsync(CancellationToken restartRequested)
    {
        var spec = _spec();
        ProcessGroup group;
        try
        {
            group = ProcessGroup.Start(spec, (stream, line) => Append(stream, line));
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Record($"failed to launch {spec.FileName}: {exception.Message}");
            return null;
        }

        _current = group;
        State = SupervisedProcessState.Running;
        Launched?.Invoke();

        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, restartRequested);
        await Task.WhenAny(group.Exited, Task.Delay(Timeout.Infinite, interrupted.Token));
        if (!group.HasExited)
        {
            await group.StopAsync();
        }

        return await group.Exited;
    }

    /// <summary>Returns false when supervision is stopping; a restart request just cuts the wait short.</summary>
    private async Task<bool> DelayUnlessInterruptedAsync(TimeSpan delay, CancellationToken restartRequested)
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, restartRequested);
        await Task.WhenAny(Task.Delay(delay, interrupted.Token));
        return !_stopping.IsCancellationRequested;
    }

    private void Record(string message) => Append(LogStream.System, message);

    private void Append(LogStream stream, string line) => _onLog?.Invoke(Logs.Append(stream, line));
}
