using Copilot.Hosting.Health;
using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Infrastructure;

/// <summary>PostgreSQL with trust authentication on loopback TCP only (no Unix socket, so no socket directory to own).</summary>
internal sealed class LocalPostgresServer(string rootDirectory, int port, TimeSpan stopGracePeriod) : ILocalServer
{
    private const string Account = "postgres";

    private readonly string _dataDirectory = Path.Combine(rootDirectory, "data");
    private readonly string _binaries = FindBinaries();

    /// <summary>The password is ignored under trust authentication; it is there because clients expect one.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres";

    /// <summary>SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.</summary>
    public ProcessSpec Spec => new()
    {
        FileName = Path.Combine(_binaries, "postgres"),
        Arguments =
        [
            "-D", _dataDirectory, "-p", port.ToString(), "-k", "",
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=300",
        ],
        WorkingDirectory = rootDirectory,
        RunAsUser = ServiceAccounts.RunAs(Account),
        StopSignal = UnixSignal.Interrupt,
        StopGracePeriod = stopGracePeriod,
    };

    public IHealthProbe Probe => new PostgresProbe(PostgresConnections.WithDatabase(ConnectionString, "postgres"));

    public async Task PrepareAsync(LogBuffer logs, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(rootDirectory);
        await ServiceAccounts.GiveOwnershipAsync(rootDirectory, Account, logs, cancellationToken);
        var initdb = new ProcessSpec
        {
            FileName = Path.Combine(_binaries, "initdb"),
            Arguments = ["-D", _dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
            WorkingDirectory = rootDirectory,
            RunAsUser = ServiceAccounts.RunAs(Account),
        };
        await OneShotCommand.RunAsync(initdb, logs, cancellationToken);
    }

    /// <summary>Debian installs each major version side by side; the newest one wins.</summary>
    private static string FindBinaries()
    {
        const string debianRoot = "/usr/lib/postgresql";
        var newest = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Where(directory => File.Exists(Path.Combine(directory, "bin", "postgres")))
                .MaxBy(directory => int.TryParse(Path.GetFileName(directory), out var major) ? major : 0)
            : null;
        return newest is null
            ? throw new InvalidOperationException($"PostgreSQL is not installed under {debianRoot}: apt-get install -y postgresql")
            : Path.Combine(newest, "bin");
    }
}
