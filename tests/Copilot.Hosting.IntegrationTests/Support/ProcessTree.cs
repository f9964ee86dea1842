namespace Copilot.Hosting.IntegrationTests.Support;

/// <summary>Reads /proc to find what a process spawned and whether a process still runs.</summary>
internal static class ProcessTree
{
    /// <summary>The process and every live descendant (children of children included).</summary>
    public static IReadOnlyList<int> WithDescendants(int root)
    {
        var parents = Directory.GetDirectories("/proc")
            .Select(directory => int.TryParse(Path.GetFileName(directory), out var pid) ? ReadStat(pid) : null)
            .OfType<ProcessStat>()
            .ToList();
        var found = new List<int> { root };
        for (var index = 0; index < found.Count; index++)
        {
            found.AddRange(parents.Where(stat => stat.ParentPid == found[index]).Select(stat => stat.Pid));
        }

        return found;
    }

    /// <summary>False once the process is gone or only a zombie waiting to be reaped.</summary>
    public static bool IsRunning(int pid) => ReadStat(pid) is { State: not 'Z' and not 'X' };

    private static ProcessStat? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is parenthesised and may itself contain spaces or parentheses.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcessStat(pid, fields[0][0], int.Parse(fields[1]));
    }

    private sealed record ProcessStat(int Pid, char State, int ParentPid);
}
