using System.Globalization;

namespace Copilot.Bench.Measure;

/// <summary>What the benchmark reads from Linux's <c>/proc</c>: CPU time, memory, open files, listening sockets.</summary>
public static class ProcFs
{
    /// <summary>USER_HZ: <c>/proc</c> reports CPU time in these ticks; 100 on every Linux ABI .NET runs on.</summary>
    public const int TicksPerSecond = 100;

    public readonly record struct ProcessTimes(int ParentId, long OwnTicks, long ReapedChildrenTicks);

    public static IEnumerable<int> AllProcessIds() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary><c>/proc/PID/stat</c>: parent, user+system ticks, and those of reaped children; null once it exited.</summary>
    public static ProcessTimes? ReadTimes(int pid)
    {
        var stat = TryRead($"/proc/{pid}/stat");
        // The command name is in parentheses and may itself hold spaces and parentheses: fields start after the last ')'.
        var close = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || close < 0)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        return new ProcessTimes(
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
            long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture));
    }

    /// <summary>The arguments of a process (<c>/proc/PID/cmdline</c>, NUL-separated); null once it exited.</summary>
    public static string[]? CommandLine(int pid) =>
        TryRead($"/proc/{pid}/cmdline")?.TrimEnd('\0').Split('\0');

    /// <summary>Resident set size in KiB (<c>VmRSS</c> of <c>/proc/PID/status</c>).</summary>
    public static long ReadRssKib(int pid) => ReadKibField($"/proc/{pid}/status", "VmRSS:");

    /// <summary>Proportional set size in KiB: shared pages divided among their users, so a process tree sums honestly.</summary>
    public static long ReadPssKib(int pid) => ReadKibField($"/proc/{pid}/smaps_rollup", "Pss:");

    /// <summary>The soft <c>RLIMIT_NOFILE</c> of a process (<c>Max open files</c> in <c>/proc/PID/limits</c>).</summary>
    public static int? OpenFileLimit(int pid) =>
        TryRead($"/proc/{pid}/limits")?.Split('\n')
            .FirstOrDefault(line => line.StartsWith("Max open files", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, var soft, ..]
            && int.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
                ? limit
                : null;

    public static int OpenFiles(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The process listening on a local TCP port, found through the socket's inode among open descriptors.</summary>
    public static int? ListeningProcess(int port)
    {
        var sockets = ListeningSockets().Where(socket => socket.Port == port).Select(socket => socket.Inode).ToHashSet(StringComparer.Ordinal);
        var owner = sockets.Count == 0 ? 0 : AllProcessIds().FirstOrDefault(pid => SocketsOf(pid).Any(sockets.Contains));
        return owner > 0 ? owner : null;
    }

    /// <summary>The TCP ports a process listens on.</summary>
    public static IEnumerable<int> ListeningPorts(int pid)
    {
        var held = SocketsOf(pid).ToHashSet(StringComparer.Ordinal);
        return ListeningSockets().Where(socket => held.Contains(socket.Inode)).Select(socket => socket.Port).Distinct();
    }

    /// <summary>Busy and total ticks of all CPUs since boot (first line of <c>/proc/stat</c>).</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var fields = (TryRead("/proc/stat") ?? "cpu 0").Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
            .Skip(1).Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        // idle and iowait are the 4th and 5th columns.
        var idle = fields.Length > 4 ? fields[3] + fields[4] : total;
        return (total - idle, total);
    }

    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Listening TCP sockets as (port, <c>socket:[inode]</c>); local_address is HEXIP:HEXPORT, state 0A is LISTEN.</summary>
    private static IEnumerable<(int Port, string Inode)> ListeningSockets() =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .SelectMany(path => (TryRead(path) ?? "").Split('\n').Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 9 && fields[3] == "0A")
            .Select(fields => (int.Parse(fields[1][(fields[1].IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                $"socket:[{fields[9]}]"));

    private static IEnumerable<string> SocketsOf(int pid)
    {
        try
        {
            return [.. Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .OfType<string>()
                .Where(target => target.StartsWith("socket:", StringComparison.Ordinal))];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static long ReadKibField(string path, string field) =>
        TryRead(path)?.Split('\n').FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var value, ..]
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                ? kib
                : 0;
}
