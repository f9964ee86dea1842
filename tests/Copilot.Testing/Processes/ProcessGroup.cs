using System.Collections.Concurrent;
using System.Diagnostics;

namespace Copilot.Testing.Processes;

/// <summary>
/// One launch of a <see cref="ProcessSpec"/> as the leader of its own session and process group, so the whole tree
/// can be signalled at once. Tests start single services this way, with per-test configuration, and kill them (-9)
/// to play a crash — which Aspire's DCP, built to run a whole application, neither offers nor would start as fast.
/// </summary>
public sealed class ProcessGroup
{
    /// <summary>
    /// Runs in the new session before the real command replaces the shell. A watchdog subshell (stdio detached,
    /// so it never holds our output pipes open) polls the test host's pid and tears the group down if the
    /// test host dies without stopping it — a killed test host leaves nothing behind.
    /// It exits on its own once the command ends.
    /// </summary>
    private const string LauncherScript = """
        owner="$1"; stop_signal="$2"; shift 2
        (
          trap '' INT TERM HUP
          while kill -0 "$owner" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done
          if ! kill -0 "$owner" 2>/dev/null; then
            kill -s "$stop_signal" -- -$$ 2>/dev/null; sleep 5; kill -s KILL -- -$$ 2>/dev/null
          fi
        ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    /// <summary>How long to keep draining output after exit; a detached grandchild may hold the pipe forever.</summary>
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<int, ProcessGroup> LiveGroups = new();

    private readonly Process _process;
    private readonly ProcessSpec _spec;

    static ProcessGroup()
    {
        // Last resort when the host exits without stopping its children (an unhandled exception, Environment.Exit).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    private ProcessGroup(Process process, ProcessSpec spec, Action<LogStream, string> onOutput)
    {
        _process = process;
        _spec = spec;
        Id = process.Id;
        StartedAt = DateTimeOffset.UtcNow;
        LiveGroups[Id] = this;
        var stdout = PumpAsync(process.StandardOutput, LogStream.StandardOutput, onOutput);
        var stderr = PumpAsync(process.StandardError, LogStream.StandardError, onOutput);
        Exited = WaitForExitAsync(stdout, stderr);
    }

    /// <summary>Process id of the group leader, which is also the process group id and the session id.</summary>
    public int Id { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes with the exit code (128 + signal number when killed by a signal).</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public static ProcessGroup Start(ProcessSpec spec, Action<LogStream, string> onOutput)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };

        // setsid execs in place (our child is never a group leader), so the pid we get leads the new session.
        // bash, not sh: dash drops environment variables whose names are not shell identifiers, and Aspire's
        // contract needs exactly those (services__llm-sim__http__0).
        string[] launcher = ["bash", "-c", LauncherScript, "copilot-launcher", Environment.ProcessId.ToString(), ShellName(spec.StopSignal)];
        foreach (var argument in launcher)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.EnvironmentVariables)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start '{spec.FileName}'.");
        return new ProcessGroup(process, spec, onOutput);
    }

    /// <summary>
    /// Asks the whole group to stop with the spec's stop signal, waits up to <paramref name="gracePeriod"/>
    /// (the spec's own when null), then kills whatever is left of the group.
    /// </summary>
    public async Task StopAsync(TimeSpan? gracePeriod = null)
    {
        if (!HasExited)
        {
            UnixProcessGroups.Signal(Id, _spec.StopSignal);
            await Task.WhenAny(Exited, Task.Delay(gracePeriod ?? _spec.StopGracePeriod));
        }

        UnixProcessGroups.Signal(Id, UnixSignal.Kill);
        await Exited;
    }

    public void Kill() => UnixProcessGroups.Signal(Id, UnixSignal.Kill);

    /// <summary>Sends <paramref name="signal"/> to every process of the group.</summary>
    public void Signal(UnixSignal signal) => UnixProcessGroups.Signal(Id, signal);

    /// <summary>Signals the leader alone, as a supervisor or an operator's <c>kill</c> would.</summary>
    public void SignalLeader(UnixSignal signal) => UnixProcessGroups.SignalProcess(Id, signal);

    /// <summary>Kills every group this process started that is still running.</summary>
    public static void KillAll()
    {
        foreach (var group in LiveGroups.Values)
        {
            group.Kill();
        }
    }

    private async Task<int> WaitForExitAsync(Task stdout, Task stderr)
    {
        await _process.WaitForExitAsync();

        // A group never outlives its leader: this sweeps the launcher's watchdog and whatever the process left
        // behind, so a relaunch starts clean. Linux does not reuse the id while the
        // group has members, so this cannot hit an unrelated process.
        UnixProcessGroups.Signal(Id, UnixSignal.Kill);
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(OutputDrainTimeout));
        var exitCode = _process.ExitCode;
        LiveGroups.TryRemove(Id, out _);
        _process.Dispose();
        return exitCode;
    }

    private static async Task PumpAsync(StreamReader reader, LogStream stream, Action<LogStream, string> onOutput)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                onOutput(stream, line);
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or IOException)
        {
            // The process was disposed after its drain timeout; the rest of its output is deliberately dropped.
        }
    }

    private static string ShellName(UnixSignal signal) => signal switch
    {
        UnixSignal.Interrupt => "INT",
        UnixSignal.Terminate => "TERM",
        _ => "KILL",
    };
}
