using Copilot.Hosting;
using Copilot.Hosting.Health;
using Copilot.Hosting.Orchestration;

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

    private readonly DistributedApplication _application;

    private RestartableInfrastructure(DistributedApplication application)
    {
        _application = application;
        Servers = SharedInfrastructure.ForOwnServers(application.GetInfrastructureState());
    }

    /// <summary>Connection strings and isolation helpers, to hand to <see cref="CopilotStackOptions.Infrastructure"/>.</summary>
    public SharedInfrastructure Servers { get; }

    /// <summary>RabbitMQ alone can take minutes to boot on a machine busy with other test runs.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(180);

    public static async Task<RestartableInfrastructure> StartAsync() =>
        new(await OwnedInfrastructure.StartAsync(persistentRedis: true, StartupTimeout));

    /// <summary>
    /// Stops the server gracefully, launches it again and returns, with how long that took, once the new process
    /// answers its protocol.
    /// </summary>
    public async Task<TimeSpan> RestartAsync(string server, TimeSpan timeout)
    {
        var before = Instance(server);
        var started = DateTimeOffset.UtcNow;
        if (!_application.Restart(server, 0))
        {
            throw new ArgumentException($"No server named '{server}'.", nameof(server));
        }

        var probe = ProbeFor(server);
        var deadline = started + timeout;
        while (true)
        {
            // The orchestrator's own state lags a restart by a moment; a new pid plus a passing probe cannot.
            var now = Instance(server);
            if (now.Pid is { } pid && pid != before.Pid && now.State == ResourceState.Healthy
                && (await probe.CheckAsync(CancellationToken.None)).IsHealthy)
            {
                return DateTimeOffset.UtcNow - started;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var logs = string.Join(Environment.NewLine, _application.GetLogs(server, 0).TakeLast(30).Select(entry => entry.Text));
                throw new TimeoutException($"{server} was not back within {timeout.TotalSeconds:0} s (state {now.State}).{Environment.NewLine}{logs}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    public ValueTask DisposeAsync() => _application.DisposeAsync();

    private InstanceSnapshot Instance(string server) =>
        _application.GetResources().Single(resource => resource.Name == server).Instances.Single();

    private IHealthProbe ProbeFor(string server) => server switch
    {
        Redis => RedisPingProbe.FromConnectionString(Servers.RedisConnectionString),
        RabbitMQ => AmqpHandshakeProbe.FromUri(new Uri(Servers.RabbitMQConnectionString)),
        Postgres => new PostgresProbe(PostgresConnections.WithDatabase(Servers.PostgresConnectionString, "postgres")),
        _ => throw new ArgumentException($"No server named '{server}'.", nameof(server)),
    };
}
