using System.Net.Http.Json;

namespace Copilot.Testing;

/// <summary>
/// One real Redis, RabbitMQ and PostgreSQL per test run, shared by every test of every integration test project.
/// When <c>COPILOT_TEST_INFRA</c> names a state file (written by <c>Copilot.AppHost --infra-only --state-file</c>),
/// the servers it describes are used; otherwise this process starts its own (the AppHost in infra-only mode, through
/// Aspire's testing builder), which stop when it exits.
/// Tests isolate themselves with a fresh database, virtual host and key prefix each.
/// </summary>
public sealed class SharedInfrastructure
{
    public const string StateFileVariable = "COPILOT_TEST_INFRA";

    /// <summary>The infra-only AppHost may still be starting when the tests begin.</summary>
    private static readonly TimeSpan StateFileWait = TimeSpan.FromSeconds(120);

    private static readonly Lazy<Task<SharedInfrastructure>> Instance = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly HttpClient ManagementClient = new() { Timeout = TimeSpan.FromSeconds(30) };

    private SharedInfrastructure(InfrastructureState state, bool startedByThisProcess)
    {
        State = state;
        StartedByThisProcess = startedByThisProcess;
        RedisConnectionString = state.Redis ?? throw MissingFromState("redis");
        RabbitMQConnectionString = state.RabbitMQ ?? throw MissingFromState("rabbitmq");
        PostgresConnectionString = state.Postgres ?? throw MissingFromState("postgres");
        RabbitMQManagementUrl = state.RabbitMQManagement is { } management ? new Uri(management) : null;
    }

    public InfrastructureState State { get; }

    /// <summary>False when the servers belong to an infra-only AppHost named by <c>COPILOT_TEST_INFRA</c>.</summary>
    public bool StartedByThisProcess { get; }

    /// <summary>StackExchange.Redis format, <c>127.0.0.1:port</c>; isolate keys with <see cref="NewKeyPrefix"/>.</summary>
    public string RedisConnectionString { get; }

    /// <summary>AMQP URI of the default virtual host; prefer <see cref="CreateVirtualHostAsync"/>.</summary>
    public string RabbitMQConnectionString { get; }

    public Uri? RabbitMQManagementUrl { get; }

    /// <summary>Server-level Npgsql connection string (no database); prefer <see cref="CreateDatabaseAsync"/>.</summary>
    public string PostgresConnectionString { get; }

    public static Task<SharedInfrastructure> GetAsync() => Instance.Value;

    /// <summary>Servers one test owns by itself (see <see cref="RestartableInfrastructure"/>), never the run's shared ones.</summary>
    internal static SharedInfrastructure ForOwnServers(InfrastructureState state) => new(state, startedByThisProcess: true);

    /// <summary>Creates a fresh, uniquely named database and returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var connectionString = PostgresDatabases.WithDatabase(PostgresConnectionString, UniqueNames.Create(prefix, '_'));
        await PostgresDatabases.CreateAsync(connectionString, cancellationToken);
        return connectionString;
    }

    /// <summary>Creates a fresh virtual host that guest may use fully and returns its AMQP URI.</summary>
    public async Task<string> CreateVirtualHostAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var management = RabbitMQManagementUrl
            ?? throw new InvalidOperationException("The infrastructure state has no rabbitmqManagement URL, so virtual hosts cannot be created.");
        var name = UniqueNames.Create(prefix, '-');
        var escaped = Uri.EscapeDataString(name);
        await SendManagementAsync(HttpMethod.Put, new Uri(management, $"api/vhosts/{escaped}"), body: null, cancellationToken);
        await SendManagementAsync(
            HttpMethod.Put,
            new Uri(management, $"api/permissions/{escaped}/guest"),
            new { configure = ".*", write = ".*", read = ".*" },
            cancellationToken);
        return new UriBuilder(RabbitMQConnectionString) { Path = "/" + escaped }.Uri.AbsoluteUri;
    }

    /// <summary>A prefix no other test uses, for Redis keys (and channel names) of one test.</summary>
    public string NewKeyPrefix() => $"test:{Guid.NewGuid():N}:";

    private static async Task<SharedInfrastructure> CreateAsync()
    {
        if (Environment.GetEnvironmentVariable(StateFileVariable) is { Length: > 0 } stateFile)
        {
            return new SharedInfrastructure(await ReadStateFileAsync(stateFile), startedByThisProcess: false);
        }

        var servers = await OwnedInfrastructure.StartAsync();
        return new SharedInfrastructure(servers.State, startedByThisProcess: true);
    }

    private static async Task<InfrastructureState> ReadStateFileAsync(string path)
    {
        if (!await Eventually.ReadAsync(() => Task.FromResult(File.Exists(path)), until: exists => exists, StateFileWait))
        {
            throw new FileNotFoundException(
                $"{StateFileVariable} names {path}, which did not appear within {StateFileWait.TotalSeconds:0} s. Is the infra-only AppHost running?", path);
        }

        return await InfrastructureState.ReadAsync(path);
    }

    private static async Task SendManagementAsync(HttpMethod method, Uri url, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = RabbitMQManagement.GuestAuthentication;
        using var response = await ManagementClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{method} {url} answered {(int)response.StatusCode}: {detail}");
        }
    }

    private static InvalidDataException MissingFromState(string server) =>
        new($"The shared infrastructure has no {server} connection string.");
}
