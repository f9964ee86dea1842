using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.AppHost;
using Copilot.Chat.Redis;
using Copilot.Hosting;
using Copilot.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using StackExchange.Redis;

namespace Copilot.Operations.IntegrationTests;

/// <summary>
/// The AppHost's dashboard counters over real Redis and RabbitMQ, with the application model of Program.cs in
/// <c>--external</c> mode (the servers are the run's shared ones; nothing but the dashboard is started). Redis data lives
/// in a logical database of its own, so the counts are exactly this test's.
/// </summary>
public sealed class DashboardCountersTests : IAsyncLifetime
{
    private readonly List<RedisKey> _keys = [];
    private SharedInfrastructure _infrastructure = null!;
    private string _redis = null!;
    private string _virtualHost = null!;

    public async Task InitializeAsync()
    {
        _infrastructure = await SharedInfrastructure.GetAsync();
        _redis = $"{_infrastructure.RedisConnectionString},defaultDatabase={Random.Shared.Next(1, 16)}";
        _virtualHost = await _infrastructure.CreateVirtualHostAsync("dashboard-counters");
    }

    public async Task DisposeAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis);
        await redis.GetDatabase().KeyDeleteAsync([.. _keys]);
    }

    [Fact]
    public async Task Counters_show_running_turns_stream_lag_lock_holders_and_queues_from_the_real_servers()
    {
        var now = await SeedTurnsAsync();
        await using var broker = await SeedQueuesAsync();
        await using var application = await StartDashboardAsync(withManagementUrl: true);
        using var dashboard = new HttpClient { BaseAddress = application.DashboardUrl };

        var report = await Eventually.MatchesAsync(
            () => dashboard.GetFromJsonAsync<JsonElement>("api/counters"),
            counters => Source(counters, "queues") is { } queues && queues.GetProperty("available").GetBoolean()
                && Queue(queues, "run-copilot-turn").GetProperty("messages").GetInt64() == 3
                && Queue(queues, "cancel-copilot-turn").GetProperty("consumers").GetInt32() == 1,
            TimeSpan.FromSeconds(30), "the broker's statistics to show the published messages and the consumer");
        var page = await dashboard.GetStringAsync("/");

        var turns = Source(report, "turns")!.Value;
        turns.GetProperty("available").GetBoolean().Should().BeTrue(turns.ToString());
        var values = turns.GetProperty("values");
        values.GetProperty("activeTurns").GetInt64().Should().Be(2);
        values.GetProperty("awaitingExecutor").GetInt32().Should().Be(1);
        values.GetProperty("streamLag").GetProperty("maxMs").GetDouble().Should().BeInRange(30_000, 30_000 + Elapsed(now));
        values.GetProperty("streamLag").GetProperty("p50Ms").GetDouble().Should().BeInRange(20_000, 20_000 + Elapsed(now));
        values.GetProperty("lockHolders").GetProperty("total").GetInt32().Should().Be(1);
        values.GetProperty("lockHolders").GetProperty("byExecutor").GetProperty("worker-7-4242").GetInt32().Should().Be(1);
        var queues = Source(report, "queues")!.Value.GetProperty("values");
        queues.GetProperty("messages").GetInt64().Should().Be(3);
        queues.GetProperty("consumers").GetInt32().Should().Be(1);
        Queue(Source(report, "queues")!.Value, "run-copilot-turn").GetProperty("consumers").GetInt32().Should().Be(0);
        Source(report, "services")!.Value.GetProperty("available").GetBoolean().Should().BeTrue();
        page.Should().Contain("api/counters");
    }

    [Fact]
    public async Task An_external_broker_without_a_management_address_shows_as_unavailable_and_the_rest_still_reads()
    {
        await SeedTurnsAsync();
        await using var application = await StartDashboardAsync(withManagementUrl: false);
        using var dashboard = new HttpClient { BaseAddress = application.DashboardUrl };

        var report = await dashboard.GetFromJsonAsync<JsonElement>("api/counters");

        var queues = Source(report, "queues")!.Value;
        queues.GetProperty("available").GetBoolean().Should().BeFalse();
        queues.GetProperty("error").GetString().Should().Contain("Dashboard__RabbitMQManagementUrl");
        Source(report, "turns")!.Value.GetProperty("values").GetProperty("activeTurns").GetInt64().Should().Be(2);
    }

    /// <summary>
    /// Two running turns: one whose newest chunk is 30 s old and whose lock worker-7-4242 holds, one 10 s old that
    /// no executor has taken yet. Returns Redis's clock (ms) at seeding.
    /// </summary>
    private async Task<long> SeedTurnsAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_redis);
        var db = redis.GetDatabase();
        var time = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        var now = long.Parse(time[0].ToString(), CultureInfo.InvariantCulture) * 1000 + long.Parse(time[1].ToString(), CultureInfo.InvariantCulture) / 1000;
        foreach (var (ageMs, locked) in new[] { (30_000L, true), (10_000L, false) })
        {
            var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
            _keys.AddRange([RedisKeys.TurnMeta(session), RedisKeys.TurnStream(turn), RedisKeys.SessionLock(session), RedisKeys.ActiveTurns]);
            await db.HashSetAsync(RedisKeys.TurnMeta(session), [new("turn_id", turn.ToString()), new("status", "running")]);
            await db.StreamAddAsync(RedisKeys.TurnStream(turn), "d", "{\"type\":\"start\"}", messageId: $"{now - ageMs - 5_000}-0");
            await db.StreamAddAsync(RedisKeys.TurnStream(turn), "d", "{\"type\":\"text-delta\"}", messageId: $"{now - ageMs}-0");
            await db.SortedSetAddAsync(RedisKeys.ActiveTurns, session.ToString(), now - ageMs);
            if (locked)
            {
                await db.StringSetAsync(RedisKeys.SessionLock(session), $"worker-7-4242:{Guid.NewGuid():N}", TimeSpan.FromMinutes(5));
            }
        }

        return now;
    }

    /// <summary>Three messages waiting in the turn queue, and a fan-out style queue with one consumer.</summary>
    private async Task<IConnection> SeedQueuesAsync()
    {
        var connection = await new ConnectionFactory { Uri = new Uri(_virtualHost) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync("run-copilot-turn", durable: true, exclusive: false, autoDelete: false);
        for (var message = 0; message < 3; message++)
        {
            await channel.BasicPublishAsync(string.Empty, "run-copilot-turn", "{}"u8.ToArray());
        }

        await channel.QueueDeclareAsync("cancel-copilot-turn", durable: false, exclusive: false, autoDelete: true);
        await channel.BasicConsumeAsync("cancel-copilot-turn", autoAck: true, new AsyncEventingBasicConsumer(channel));
        return connection;
    }

    private async Task<DistributedApplication> StartDashboardAsync(bool withManagementUrl)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            UseExternalInfrastructure = true,
            InfrastructureOnly = true,
            DashboardPort = 0,
            RepositoryRoot = ProjectLocator.FindRepositoryRoot(),
            RunDirectory = Path.Combine(Path.GetTempPath(), "copilot-dashboard-tests", Guid.NewGuid().ToString("N")),
            Output = TextWriter.Null,
            Args =
            [
                $"--ConnectionStrings:redis={_redis}",
                $"--ConnectionStrings:rabbitmq={_virtualHost}",
                $"--ConnectionStrings:postgres={_infrastructure.PostgresConnectionString}",
                .. withManagementUrl ? [$"--Dashboard:RabbitMQManagementUrl={_infrastructure.RabbitMQManagementUrl}"] : Array.Empty<string>(),
            ],
        });
        CopilotApplication.Declare(builder);
        var application = builder.Build();
        await application.StartAsync();
        return application;
    }

    private static JsonElement? Source(JsonElement report, string name) =>
        report.GetProperty("sources").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(source => source!.Value.GetProperty("name").GetString() == name);

    private static JsonElement Queue(JsonElement? queues, string name) =>
        queues!.Value.GetProperty("values").GetProperty("queues").EnumerateArray().Single(queue => queue.GetProperty("name").GetString() == name);

    /// <summary>Time since seeding, as slack for the lag figures (measured on this host, which shares Redis's clock).</summary>
    private static double Elapsed(long seededAtMs) => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - seededAtMs + 1_000;
}
