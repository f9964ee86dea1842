using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Testing;
using StackExchange.Redis;

namespace Copilot.FaultInjection.Tests.Support;

/// <summary>
/// The platform on infrastructure of its own — two chat-api replicas, two executors, usage and the simulator on a Redis,
/// RabbitMQ and PostgreSQL that the scenarios kill, pause and restart. Timings are shortened so a dead worker's lease
/// lapses in seconds and the stuck-turn watchdog acts within a scenario.
/// </summary>
public sealed class FaultStackFixture() : CopilotStackFixture(new CopilotStackOptions
{
    ChatApiReplicas = 2,
    ExecutorReplicas = 2,
    Environment =
    {
        // The services' own story, without a line per HTTP call.
        ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        // Receive endpoints' lifecycle (ready, stopping, faulted) without a line per message.
        ["Logging__LogLevel__MassTransit"] = "Debug",
        ["Logging__LogLevel__MassTransit.Messages"] = "Information",
        ["Executor__LockLease"] = Lease.ToString(),
        ["Executor__StreamIdleTimeout"] = IdleTimeout.ToString(),
        ["Executor__WatchdogInterval"] = "00:00:01",
        ["Executor__UnsettledEndGrace"] = UnsettledEndGrace.ToString(),
    },
}), IAsyncLifetime
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Longer than any silence a healthy turn has here — a freshly started executor's first turns on a busy two-core
    /// machine included — and shorter than a scenario.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a turn's end may leave its notice or announcement undone before the executors do them.</summary>
    public static readonly TimeSpan UnsettledEndGrace = TimeSpan.FromSeconds(5);

    public TimelineLog Log { get; } = TimelineLog.Create();

    public RestartableInfrastructure Infrastructure { get; private set; } = null!;

    /// <summary>Executors still alive (a scenario may have killed one and started a replacement).</summary>
    public IReadOnlyList<ServiceProcess> LiveExecutors => [.. Stack.Executors.Where(executor => !executor.HasExited)];

    public override async Task InitializeAsync()
    {
        Infrastructure = await RestartableInfrastructure.StartAsync();
        Options.Infrastructure = Infrastructure.Servers;
        Options.Output = Log.Write;
        await base.InitializeAsync();
        await WarmUpAsync();
    }

    /// <summary>
    /// A few answers before any fault, so the first scenario does not also measure every service's first request
    /// (JIT, connection pools, EF's model), which on a busy machine can outlast the idle timeout.
    /// </summary>
    private async Task WarmUpAsync()
    {
        Log.Mark("warm-up");
        using var client = new ResumingClient(Stack);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.CreateSessionAsync()));
        await Task.WhenAll(sessions.Select(session => client.SendAsync(new TurnTranscript(session, "warm-up [sim:long=5] [sim:delay=5]"))));
        Log.Mark("warm-up done");
    }

    /// <summary>The running turn of each session that has one, with the executor that owns it.</summary>
    public async Task<IReadOnlyList<RunningTurn>> RunningTurnsAsync(IEnumerable<Guid> sessions)
    {
        var db = Redis.GetDatabase();
        var running = new List<RunningTurn>();
        foreach (var session in sessions)
        {
            var fields = await db.HashGetAsync(RedisKeys.TurnMeta(session), ["status", "turn_id", "owner"]);
            if (fields[0] == TurnStatus.Running && Guid.TryParse(fields[1].ToString(), out var turnId))
            {
                running.Add(new RunningTurn(session, turnId, OwnerOf(fields[2])));
            }
        }

        return running;
    }

    /// <summary>Starts another executor so the next scenario again has two.</summary>
    public Task<ServiceProcess> ReplaceExecutorAsync() => Stack.StartExecutorAsync(Options, replica: Stack.Executors.Count);

    /// <summary>Lease tokens are <c>{machine}-{pid}:{guid}</c> (ExecutorIdentity); the pid names the process.</summary>
    private ServiceProcess? OwnerOf(RedisValue owner)
    {
        var token = owner.ToString();
        var identity = token.Split(':')[0];
        return int.TryParse(identity[(identity.LastIndexOf('-') + 1)..], out var pid)
            ? Stack.Executors.FirstOrDefault(executor => executor.Pid == pid)
            : null;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Infrastructure.DisposeAsync();
        Log.Dispose();
    }
}

/// <summary>A session's running turn and, once a worker claimed it, that worker.</summary>
public sealed record RunningTurn(Guid SessionId, Guid TurnId, ServiceProcess? Owner);

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultStackCollection : ICollectionFixture<FaultStackFixture>
{
    public const string Name = "fault stack";
}
