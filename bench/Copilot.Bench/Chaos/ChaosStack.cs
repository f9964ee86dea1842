using Copilot.Testing;
using Copilot.Testing.Faults;
using StackExchange.Redis;

namespace Copilot.Bench.Chaos;

/// <summary>
/// The platform the chaos scenario breaks: its own Redis (persistent), RabbitMQ and PostgreSQL, and every service as a
/// plain process of this program (<see cref="CopilotStack"/>, the AppHost's topology without DCP), behind the gateway.
/// Plain processes rather than the AppHost under DCP because a fault must be a real SIGKILL or SIGSTOP of one replica
/// and a restart on the same port: DCP restarts a resource through its own lifecycle (graceful stop, possibly a new
/// port behind its proxy), and its proxies would hide a dead process from its clients.
/// </summary>
public sealed class ChaosStack : IAsyncDisposable
{
    /// <summary>Short, so a frozen or dead worker's sessions are claimed within seconds and a pause can outlast it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    /// <summary>Longer than any silence of a healthy turn on a busy two-core machine, short enough to end a dead turn within a run.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A supervisor gives up at some point too; a service still down after these is reported, not hidden.</summary>
    private const int RestartAttempts = 5;

    private static readonly TimeSpan InfrastructureRestartTimeout = TimeSpan.FromSeconds(180);

    private ChaosStack(RestartableInfrastructure infrastructure, CopilotStack stack, TimelineLog log, IConnectionMultiplexer redis)
    {
        Infrastructure = infrastructure;
        Stack = stack;
        Log = log;
        Redis = redis;
    }

    public RestartableInfrastructure Infrastructure { get; }

    public CopilotStack Stack { get; }

    /// <summary>Every service's output and every fault, timestamped, in one file.</summary>
    public TimelineLog Log { get; }

    public IConnectionMultiplexer Redis { get; }

    public static async Task<ChaosStack> StartAsync(int executors)
    {
        var log = TimelineLog.Create();
        var infrastructure = await RestartableInfrastructure.StartAsync();
        var options = new CopilotStackOptions
        {
            ChatApiReplicas = 2,
            ExecutorReplicas = executors,
            WithGateway = true,
            WithBilling = true,
            Infrastructure = infrastructure.Servers,
            Output = log.Write,
            Environment =
            {
                ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
                ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
                ["Executor__LockLease"] = Lease.ToString(),
                ["Executor__StreamIdleTimeout"] = IdleTimeout.ToString(),
                ["Executor__WatchdogInterval"] = "00:00:01",
            },
        };
        var stack = await CopilotStack.StartAsync(options);
        var redis = await ConnectionMultiplexer.ConnectAsync($"{infrastructure.Servers.RedisConnectionString},abortConnect=false");
        return new ChaosStack(infrastructure, stack, log, redis);
    }

    /// <summary>
    /// kill -9 of the service's process group, then the same service again on the same port, as a supervisor would: a
    /// replacement that is not healthy in time (its dependencies are being restarted too, the machine is saturated) is
    /// killed and started again, so a fault never leaves a service down for the rest of the run.
    /// </summary>
    /// <returns>The failed attempts before the one that came up.</returns>
    public async Task<IReadOnlyList<string>> CrashAndRestartAsync(ServiceProcess service)
    {
        var failures = new List<string>();
        while (true)
        {
            try
            {
                await Stack.RestartAsync(service);
                return failures;
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException && failures.Count < RestartAttempts - 1)
            {
                failures.Add(exception.Message.Split('\n')[0]);
                Log.Mark($"{service.Name} did not come back: {failures[^1]}; starting it again");
            }
        }
    }

    /// <summary>Graceful stop and start of one server, which keeps its data (Redis snapshots on its way down).</summary>
    public Task<TimeSpan> RestartServerAsync(string server) => Infrastructure.RestartAsync(server, InfrastructureRestartTimeout);

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        await Redis.DisposeAsync();
        await Infrastructure.DisposeAsync();
        Log.Dispose();
    }
}
