namespace Copilot.Hosting;

/// <summary>The folder holding one run's infrastructure data directories.</summary>
internal static class RunFolder
{
    public static string Create(DistributedApplicationOptions options, Func<string> findRepositoryRoot)
    {
        if (options.RunDirectory is not null)
        {
            return Directory.CreateDirectory(options.RunDirectory).FullName;
        }

        var repositoryRoot = findRepositoryRoot();

        var timestamp = DateTime.Now.ToString("yyyyMMdd-HHmmss");
        // PostgreSQL and RabbitMQ run under their own accounts and must be able to reach their data directories.
        var parent = !Environment.IsPrivilegedProcess || IsTraversableByEveryone(repositoryRoot)
            ? Path.Combine(repositoryRoot, ".run")
            : Path.Combine(Path.GetTempPath(), "copilot-run");
        var path = Path.Combine(parent, timestamp);
        for (var suffix = 2; Directory.Exists(path); suffix++)
        {
            path = Path.Combine(parent, $"{timestamp}-{suffix}");
        }

        return Directory.CreateDirectory(path).FullName;
    }

    /// <summary>Deletes the folder, retrying briefly while just-killed servers finish closing their files.</summary>
    public static void Delete(string path, TextWriter output)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                if (attempt == 5)
                {
                    output.WriteLine($"Could not delete run folder {path}: {exception.Message}");
                    return;
                }

                Thread.Sleep(TimeSpan.FromMilliseconds(20 * attempt));
            }
        }
    }

    private static bool IsTraversableByEveryone(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var directory = new DirectoryInfo(path); directory is not null; directory = directory.Parent)
        {
            if (!File.GetUnixFileMode(directory.FullName).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }
}
