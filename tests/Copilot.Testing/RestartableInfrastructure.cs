namespace Copilot.Testing;

/// <summary>
/// Redis, RabbitMQ and PostgreSQL owned by one test fixture, which may restart them under load. Unlike
/// <see cref="SharedInfrastructure.GetAsync"/> it never uses the run's shared servers (whatever
/// <c>COPILOT_TEST_INFRA</c> says): restarting those would break every other test. A restarted server comes back on
/// the same port with its data (Redis snapshots on its graceful stop).
/// </summary>
public sealed class RestartableInfrastructure : IAsyncDisposable
{
    public const string Redis = "redis";
    public const string RabbitMQ = "rabbitmq";
    public const string Postgres = "postgres";

    /// <summary>RabbitMQ alone can take minutes to boot on a machine busy with other test runs.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(180);

    private readonly OwnedInfrastructure _servers;

    private RestartableInfrastructure(OwnedInfrastructure servers)
    {
        _servers = servers;
        Servers = SharedInfrastructure.ForOwnServers(servers.State);
    }

    /// <summary>Connection strings and isolation helpers, to hand to <see cref="CopilotStackOptions.Infrastructure"/>.</summary>
    public SharedInfrastructure Servers { get; }

    public static async Task<RestartableInfrastructure> StartAsync() =>
        new(await OwnedInfrastructure.StartAsync(persistentRedis: true, StartupTimeout));

    /// <summary>Stops the server gracefully, launches it again and returns, with how long that took, once it is healthy.</summary>
    public async Task<TimeSpan> RestartAsync(string server, TimeSpan timeout)
    {
        if (!OwnedInfrastructure.Servers.Contains(server))
        {
            throw new ArgumentException($"No server named '{server}'.", nameof(server));
        }

        var started = DateTimeOffset.UtcNow;
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _servers.RestartAsync(server, deadline.Token);
        }
        catch (OperationCanceledException cancelled) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{server} was not back within {timeout.TotalSeconds:0} s. {cancelled.Message}", cancelled);
        }

        return DateTimeOffset.UtcNow - started;
    }

    public ValueTask DisposeAsync() => _servers.DisposeAsync();
}
