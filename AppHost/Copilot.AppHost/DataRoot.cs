namespace Copilot.AppHost;

/// <summary>Where the local servers keep their data: <c>--data-dir</c>, or a fresh <c>.run/&lt;timestamp&gt;</c> per run.</summary>
/// <param name="Path">The folder.</param>
/// <param name="OwnedByRun">Made for this run, so removed after a clean stop unless <c>--keep-data</c>.</param>
public sealed record DataRoot(string Path, bool OwnedByRun)
{
    public static DataRoot Resolve(IDistributedApplicationBuilder builder, CopilotHostOptions options)
    {
        var root = options.DataDirectory is { Length: > 0 } given
            ? new DataRoot(System.IO.Path.GetFullPath(given), OwnedByRun: false)
            : new DataRoot(
                System.IO.Path.GetFullPath(System.IO.Path.Combine(builder.AppHostDirectory, "..", "..", ".run", DateTime.Now.ToString("yyyyMMdd-HHmmss"))),
                OwnedByRun: !options.KeepData);
        Directory.CreateDirectory(root.Path);
        // PostgreSQL and RabbitMQ run as their own accounts and must be able to reach their folders inside.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return root;
    }

    public string For(string server) => System.IO.Path.Combine(Path, server);

    public void CleanUp()
    {
        if (OwnedByRun && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
