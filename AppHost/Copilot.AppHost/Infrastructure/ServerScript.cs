namespace Copilot.AppHost.Infrastructure;

/// <summary>
/// How a local server is launched under DCP. DCP stops an executable with SIGTERM to its direct child only, and
/// SIGKILL about 6 s later; some servers want another signal (PostgreSQL's SIGTERM is a "smart" shutdown that waits
/// for every client) or have helpers that must stop with them (RabbitMQ's epmd). So the direct child is a small shell
/// that starts the server, turns SIGTERM into the server's own fast-and-clean signal, waits for it and then stops its
/// helpers. As root, the servers run as their Debian account through <c>setpriv</c>, which execs (unlike
/// <c>runuser</c>, which forwards TERM and kills its child two seconds later, mid-shutdown).
/// </summary>
public static class ServerScript
{
    /// <summary>The executable and arguments that run <paramref name="script"/> (sh syntax) as <paramref name="account"/>.</summary>
    public static (string Command, string[] Args) As(string account, string script)
    {
        string[] shell = ["sh", "-c", script, account];
        return RunsAsRoot
            ? ("setpriv", ["--reuid", account, "--regid", account, "--init-groups", "--", .. shell])
            : (shell[0], shell[1..]);
    }

    /// <summary>
    /// A script that runs <paramref name="serverCommand"/> in the background, sends it <paramref name="stopSignal"/>
    /// when the shell gets SIGTERM or SIGINT, waits for it to exit and exits with its status. With
    /// <paramref name="killAfterSeconds"/>, a server still stopping after that long is killed, so the whole stop fits
    /// within DCP's patience (it SIGKILLs this shell after 6 s and reports the resource as failing to stop at ~11 s).
    /// </summary>
    public static string Supervising(string serverCommand, string stopSignal, string afterExit = ":", int? killAfterSeconds = null)
    {
        var deadline = killAfterSeconds is { } seconds ? $"; (sleep {seconds}; kill -KILL \"$server\" 2>/dev/null) &" : "";
        return $$"""
        {{serverCommand}} &
        server=$!
        trap 'kill -{{stopSignal}} "$server" 2>/dev/null{{deadline}}' TERM INT
        status=0
        while kill -0 "$server" 2>/dev/null; do wait "$server"; status=$?; done
        {{afterExit}}
        exit "$status"
        """;
    }

    public static bool RunsAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Hands a directory tree to the account a server runs as (when we are root; otherwise it is ours).</summary>
    public static void GiveOwnership(string directory, string account)
    {
        Directory.CreateDirectory(directory);
        if (!RunsAsRoot)
        {
            return;
        }

        using var chown = System.Diagnostics.Process.Start("chown", ["-R", $"{account}:{account}", directory]);
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R {account} {directory} failed with exit code {chown.ExitCode}.");
        }
    }
}
