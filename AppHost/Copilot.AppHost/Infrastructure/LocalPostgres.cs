using Copilot.AppHost.Infrastructure.Health;

namespace Copilot.AppHost.Infrastructure;

/// <summary>
/// Debian's PostgreSQL as a local process: trust authentication on loopback TCP only (no Unix socket, so no socket
/// directory to own), its cluster made by a one-shot <c>initdb</c> resource the server waits for.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string Account = "postgres";
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>Server level (no database). The password is ignored under trust authentication; clients expect one.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.TargetPort)};Username=postgres;Password=postgres");
}

/// <summary>A database on a PostgreSQL server, local or external; created by its health check when missing.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, IResourceWithConnectionString server)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public string DatabaseName => databaseName;

    public IResourceWithConnectionString Parent => server;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{server};Database={databaseName}");
}

public static class LocalPostgresExtensions
{
    /// <summary>SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect, and still stops cleanly.</summary>
    private const string ServerCommand = """
        "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" -k "" -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300
        """;

    private const string InitCommand = """
        [ -f "$PGDATA/PG_VERSION" ] || exec "$PG_BIN/initdb" -D "$PGDATA" -A trust -U postgres -E UTF8 --locale=C --no-sync
        """;

    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string rootDirectory)
    {
        var binaries = FindBinaries();
        var dataDirectory = Path.Combine(rootDirectory, "data");
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            // initdb wants to create (or own) the data directory itself; its parent must belong to the account.
            ServerScript.GiveOwnership(rootDirectory, LocalPostgresResource.Account);
            return Task.CompletedTask;
        });

        var (initExecutable, initArgs) = ServerScript.As(LocalPostgresResource.Account, InitCommand);
        var init = builder.AddExecutable($"{name}-init", initExecutable, rootDirectory, initArgs)
            .WithEnvironment("PG_BIN", binaries)
            .WithEnvironment("PGDATA", dataDirectory);

        var (command, args) = ServerScript.As(LocalPostgresResource.Account, ServerScript.Supervising(ServerCommand, stopSignal: "INT"));
        var postgres = new LocalPostgresResource(name, command, rootDirectory);
        return builder.AddResource(postgres)
            .WithArgs(args)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithEnvironment("PG_BIN", binaries)
            .WithEnvironment("PGDATA", dataDirectory)
            .WithEnvironment(context => context.EnvironmentVariables["PGPORT"] = postgres.Endpoint.Property(EndpointProperty.TargetPort))
            .WaitForCompletion(init)
            .WithConnectionHealthCheck(connectionString =>
                new PostgresHealthCheck(connectionString + ";Database=postgres"));
    }

    /// <summary>
    /// Adds a database to a server. Such a resource has no process: it is shown as Running once its server is ready,
    /// after which its health check (which creates the database when missing) decides when <c>WaitFor</c> is satisfied.
    /// </summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddPostgresDatabase<TServer>(
        this IResourceBuilder<TServer> server, string name, string? databaseName = null)
        where TServer : IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, _) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.Running });
        });

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("database", database.DatabaseName)],
            })
            .WithConnectionHealthCheck(connectionString => new PostgresDatabaseHealthCheck(connectionString));
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
            ? throw new DistributedApplicationException($"PostgreSQL is not installed under {debianRoot}: apt-get install -y postgresql")
            : Path.Combine(newest, "bin");
    }
}
