using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Copilot.Testing;

/// <summary>The TCP addresses a process and its descendants listen on, as /proc lists them (Linux only).</summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    public static IReadOnlyList<IPEndPoint> OfProcessTree(int rootPid)
    {
        var inodes = ProcessTree(rootPid).SelectMany(SocketInodes).ToHashSet(StringComparer.Ordinal);
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            // The column headers fail the state check.
            .Where(fields => fields.Length > 9 && fields[3] == ListenState && inodes.Contains(fields[9]))
            .Select(fields => ParseEndPoint(fields[1]))
            .ToList();
    }

    private static List<int> ProcessTree(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && TryReadParent(directory) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var tree = new List<int> { rootPid };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(entry => entry.Value == tree[i]).Select(entry => entry.Key));
        }

        return tree;
    }

    private static int? TryReadParent(string processDirectory)
    {
        try
        {
            // "pid (comm) state ppid …": the command name may hold spaces and parentheses, so count from the last ')'.
            var stat = File.ReadAllText(Path.Combine(processDirectory, "stat"));
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // The process ended while being read.
        }
    }

    private static List<string> SocketInodes(int pid)
    {
        var inodes = new List<string>();
        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new InvalidOperationException($"Cannot read the descriptors of process {pid}: run as root or as the servers' account.", exception);
        }
        catch (IOException)
        {
            // The process, or one of its descriptors, ended while being read.
        }

        return inodes;
    }

    /// <summary>"0100007F:1F90" (IPv4) or 32 hex digits (IPv6), each 32-bit word in host (little-endian) order.</summary>
    private static IPEndPoint ParseEndPoint(string field)
    {
        var (address, port) = (field[..field.IndexOf(':')], field[(field.IndexOf(':') + 1)..]);
        var bytes = Convert.FromHexString(address);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(word), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(word)));
        }

        return new IPEndPoint(new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
