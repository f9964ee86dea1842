namespace Copilot.Testing;

/// <summary>A data folder for the AppHost's servers that PostgreSQL's and RabbitMQ's accounts can enter.</summary>
public static class DataDirectory
{
    public static DirectoryInfo Create(string prefix = "copilot-apphost-test-")
    {
        var directory = Directory.CreateTempSubdirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return directory;
    }

    /// <summary>Best effort: a server that is still exiting may hold a file for a moment.</summary>
    public static void Delete(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
