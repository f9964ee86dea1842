namespace Copilot.Testing;

/// <summary>The host's processes as /proc lists them, to prove a process started or is gone (Linux only).</summary>
public static class ProcessTable
{
    /// <summary>Ids of the processes whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> WithCommandLineContaining(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                // Arguments are NUL-separated; a marker never spans two of them.
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read; not one of ours.
            }
        }

        return found;
    }
}
