using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>What one sandboxed command did. <see cref="ExitCode"/> is -1 when it was killed for its timeout.</summary>
public sealed record SandboxRun(string Stdout, string Stderr, int ExitCode, bool TimedOut);

/// <summary>
/// Runs shell commands under bubblewrap: no network, a read-only system, a private /tmp, one writable workspace per
/// user and session, a clean environment, an unprivileged uid without capabilities, and every process of the sandbox
/// killed on timeout or cancellation. Nothing ever runs outside it: when bubblewrap is missing or fails its start-up
/// probe, <see cref="UnavailableReasonAsync"/> says why and callers refuse.
/// </summary>
public sealed partial class BubblewrapSandbox
{
    /// <summary>Where the session's workspace appears inside the sandbox (its working and home directory).</summary>
    public const string WorkspacePath = "/workspace";

    private const int SharedMemoryMegabytes = 64;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    // After the kill, pipes close once the sandbox's pid namespace is gone; this only bounds a pathological wait.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    private readonly SandboxOptions _options;
    private readonly ILogger<BubblewrapSandbox> _logger;
    private readonly Lazy<Task<string?>> _unavailableReason;

    public BubblewrapSandbox(IOptions<SandboxOptions> options, ILogger<BubblewrapSandbox> logger)
    {
        _options = options.Value;
        _logger = logger;
        _unavailableReason = new Lazy<Task<string?>>(ProbeAsync);
    }

    /// <summary>Null when commands can run; otherwise why they cannot. Probed once per process.</summary>
    public Task<string?> UnavailableReasonAsync() => _unavailableReason.Value;

    public async Task<SandboxRun> RunAsync(string workspace, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = await ProcessSpawner.StartAsync(StartInfo(workspace, command));
        // A command reading stdin gets end-of-file instead of waiting on the executor's stdin.
        process.StandardInput.Close();
        var stdout = new CappedOutput(_options.MaxOutputBytes);
        var stderr = new CappedOutput(_options.MaxOutputBytes);
        var draining = Task.WhenAll(stdout.DrainAsync(process.StandardOutput.BaseStream), stderr.DrainAsync(process.StandardError.BaseStream));

        var timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout))
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
        {
            try
            {
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                KillSandbox(process);
                timedOut = !cancellationToken.IsCancellationRequested;
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        // A stopped turn wants no output: do not wait for pipes a dying descendant may still hold open.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await draining.WaitAsync(DrainGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            LogDrainTimeout(process.Id);
        }

        return new SandboxRun(stdout.Text(), stderr.Text(), timedOut ? -1 : process.ExitCode, timedOut);
    }

    /// <summary>The bubblewrap arguments for a workspace; the command follows them.</summary>
    private IReadOnlyList<string> Arguments(string workspace) =>
    [
        // A read-only system: /usr, the merged-/usr links, and the few /etc entries programs look up (Debian's
        // alternatives make e.g. awk work). The root is remounted read-only last, so nothing else is writable.
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/bin", "/bin",
        "--symlink", "usr/sbin", "/sbin",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
        "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
        "--ro-bind-try", "/etc/localtime", "/etc/localtime",
        "--proc", "/proc",
        "--dev", "/dev",
        // Memory-backed and so sized: /tmp, and /dev/shm for POSIX shared memory (the rest of /dev is read-only).
        "--size", Bytes(_options.TmpSizeMegabytes), "--tmpfs", "/tmp",
        "--size", Bytes(SharedMemoryMegabytes), "--tmpfs", "/dev/shm",
        "--bind", workspace, WorkspacePath,
        "--chdir", WorkspacePath,
        // Every namespace (so no network at all), and inside it an ordinary uid with no capabilities that cannot make
        // namespaces of its own: as root, bwrap would otherwise keep every capability in the sandbox.
        "--unshare-all", "--unshare-user", "--uid", "1000", "--gid", "1000", "--disable-userns", "--cap-drop", "ALL",
        "--hostname", "sandbox",
        // No controlling terminal to inject keystrokes into; SIGKILL when the executor dies.
        "--new-session", "--die-with-parent",
        "--clearenv",
        "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
        "--setenv", "HOME", WorkspacePath,
        "--setenv", "LANG", "C.UTF-8",
        "--remount-ro", "/dev",
        "--remount-ro", "/",
    ];

    private static string Bytes(int megabytes) => (megabytes * 1024L * 1024L).ToString(CultureInfo.InvariantCulture);

    private ProcessStartInfo StartInfo(string workspace, string command)
    {
        var start = new ProcessStartInfo(_options.BubblewrapPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // bubblewrap needs nothing from the executor's environment, which holds secrets; --clearenv repeats this inside.
        start.Environment.Clear();
        foreach (var argument in Arguments(workspace))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--");
        start.ArgumentList.Add("/usr/bin/bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        return start;
    }

    private void KillSandbox(Process process)
    {
        try
        {
            // bwrap's child, the sandbox's pid 1, should die with it (--die-with-parent) and take the pid namespace
            // along, but tests saw sandboxed commands outlive that by seconds; killing the tree explicitly is certain.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException exception)
        {
            LogKillFailed(exception, process.Id);
        }
    }

    private async Task<string?> ProbeAsync()
    {
        string? reason;
        if (!_options.Enabled)
        {
            reason = "the sandbox is switched off (Executor:Sandbox:Enabled=false)";
        }
        else if (!File.Exists(_options.BubblewrapPath))
        {
            reason = $"bubblewrap was not found at {_options.BubblewrapPath}";
        }
        else
        {
            reason = await TryProbeRunAsync();
        }

        if (reason is null)
        {
            LogSandboxReady(_options.BubblewrapPath, _options.Root);
        }
        else
        {
            LogSandboxUnavailable(reason);
        }

        return reason;
    }

    private async Task<string?> TryProbeRunAsync()
    {
        try
        {
            var workspace = Path.Combine(_options.Root, "probe");
            SandboxWorkspaces.CreateOwnerOnly(workspace);
            var run = await RunAsync(workspace, "echo ok", ProbeTimeout, CancellationToken.None);
            return run is { ExitCode: 0, Stdout: "ok\n" }
                ? null
                : $"the sandbox start-up check failed (exit code {run.ExitCode}): {run.Stderr.Trim()}";
        }
        catch (Exception exception)
        {
            return $"the sandbox start-up check failed: {exception.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "bash_exec sandbox ready: {BubblewrapPath}, workspaces under {Root}")]
    private partial void LogSandboxReady(string bubblewrapPath, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "bash_exec is disabled: {Reason}")]
    private partial void LogSandboxUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not kill sandbox {ProcessId}")]
    private partial void LogKillFailed(Exception exception, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Output of sandbox {ProcessId} still open after it exited; returning what was read")]
    private partial void LogDrainTimeout(int processId);
}
