using System.Diagnostics.Metrics;
using System.Globalization;
using Copilot.Chat.Redis;
using Copilot.ChatApi.Telemetry;
using Copilot.Messaging;
using Copilot.ServiceDefaults.Telemetry;
using Copilot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using StackExchange.Redis;

namespace Copilot.ChatApi.IntegrationTests;

/// <summary>
/// chat-api's turn pipeline gauges over the real servers: the sampler reads Redis and passive-declares queues, and a
/// <see cref="MeterListener"/> reads the gauges as the OpenTelemetry exporter would. Redis data lives in a logical
/// database of its own and the queues in a virtual host of their own, so the figures are exactly this test's.
/// </summary>
public sealed class TurnPipelineMetricsTests : IAsyncLifetime
{
    private const string Executor = "worker-7-4242";
    private const string MissingQueue = "never-declared";

    private readonly List<RedisKey> _keys = [];
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private SharedInfrastructure _infrastructure = null!;
    private ConnectionMultiplexer _redis = null!;
    private IConnection _broker = null!;

    public async Task InitializeAsync()
    {
        _infrastructure = await SharedInfrastructure.GetAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync($"{_infrastructure.RedisConnectionString},defaultDatabase={Random.Shared.Next(1, 16)}");
        var virtualHost = await _infrastructure.CreateVirtualHostAsync("turn-pipeline-metrics");
        _broker = await new ConnectionFactory { Uri = new Uri(virtualHost) }.CreateConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.GetDatabase().KeyDeleteAsync([.. _keys]);
        await _redis.DisposeAsync();
        await _broker.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Running_turns_awaiting_executor_stream_lag_and_locks_come_from_redis()
    {
        var now = await RedisNowMsAsync();
        await SeedTurnAsync(now, ageMs: 30_000, lockedBy: Executor, streamed: true);
        await SeedTurnAsync(now, ageMs: 20_000, lockedBy: "worker-8-1", streamed: false);
        await SeedTurnAsync(now, ageMs: 10_000, lockedBy: null, streamed: true);
        var (sampler, meter, _) = CreateSampler(_broker);

        await sampler.SampleOnceAsync(CancellationToken.None);
        var gauges = Read(meter);

        gauges.Single("copilot.turns.running").Should().Be(3);
        gauges.Single("copilot.turns.awaiting_executor").Should().Be(1, "the 10 s old turn's lock is not held");
        gauges.Single("copilot.turn_stream.lag.max").Should().BeInRange(30_000, 30_000 + Slack(now));
        gauges.Single("copilot.turn_stream.lag.p50").Should().BeInRange(20_000, 20_000 + Slack(now),
            "a turn without a chunk yet is as old as its last activity");
        gauges.Single("copilot.session_locks.held").Should().Be(2);
        gauges.Tagged("copilot.session_locks.held_by_executor", "executor").Should().BeEquivalentTo(
            new Dictionary<string, double> { [Executor] = 1, ["worker-8-1"] = 1 });
    }

    [Fact]
    public async Task With_no_running_turn_the_figures_are_zero_and_no_executor_holds_a_lock()
    {
        var (sampler, meter, _) = CreateSampler(_broker);

        await sampler.SampleOnceAsync(CancellationToken.None);
        var gauges = Read(meter);

        gauges.Single("copilot.turns.running").Should().Be(0);
        gauges.Single("copilot.turns.awaiting_executor").Should().Be(0);
        gauges.Single("copilot.turn_stream.lag.max").Should().Be(0);
        gauges.Single("copilot.session_locks.held").Should().Be(0);
        gauges.Tagged("copilot.session_locks.held_by_executor", "executor").Should().BeEmpty();
    }

    [Fact]
    public async Task Queue_depth_and_consumers_come_from_passive_declares_and_a_missing_queue_is_left_out()
    {
        await using var channel = await _broker.CreateChannelAsync();
        await channel.QueueDeclareAsync(QueueNames.RunCopilotTurn, durable: true, exclusive: false, autoDelete: false);
        for (var message = 0; message < 3; message++)
        {
            await channel.BasicPublishAsync(string.Empty, QueueNames.RunCopilotTurn, "{}"u8.ToArray());
        }

        await channel.QueueDeclareAsync(QueueNames.RunSessionTurn, durable: true, exclusive: false, autoDelete: false);
        await channel.BasicConsumeAsync(QueueNames.RunSessionTurn, autoAck: false, new AsyncEventingBasicConsumer(channel));
        var (sampler, meter, _) = CreateSampler(_broker);

        await sampler.SampleOnceAsync(CancellationToken.None);
        var gauges = Read(meter);

        gauges.Tagged("copilot.queue.messages", "queue").Should().BeEquivalentTo(
            new Dictionary<string, double> { [QueueNames.RunCopilotTurn] = 3, [QueueNames.RunSessionTurn] = 0 });
        gauges.Tagged("copilot.queue.consumers", "queue").Should().BeEquivalentTo(
            new Dictionary<string, double> { [QueueNames.RunCopilotTurn] = 0, [QueueNames.RunSessionTurn] = 1 });
    }

    [Fact]
    public async Task A_failing_broker_leaves_its_gauges_empty_is_logged_once_and_redis_still_reports()
    {
        var now = await RedisNowMsAsync();
        await SeedTurnAsync(now, ageMs: 5_000, lockedBy: null, streamed: true);
        var closed = await new ConnectionFactory { Uri = new Uri(_infrastructure.RabbitMQConnectionString) }.CreateConnectionAsync();
        await closed.CloseAsync();
        var (sampler, meter, log) = CreateSampler(closed);

        await sampler.SampleOnceAsync(CancellationToken.None);
        await sampler.SampleOnceAsync(CancellationToken.None);
        var gauges = Read(meter);

        gauges.Tagged("copilot.queue.messages", "queue").Should().BeEmpty();
        gauges.Single("copilot.turns.running").Should().Be(1);
        log.Warnings.Should().ContainSingle("a failing source is reported when it starts failing, not at every sample")
            .Which.Should().Contain("rabbitmq");
    }

    private (TurnPipelineSampler Sampler, ServiceMeter Meter, ListLogger Log) CreateSampler(IConnection broker)
    {
        // A meter of its own per test, so the listener sees only this sampler's gauges.
        var meter = new ServiceMeter(_services.GetRequiredService<IMeterFactory>(), $"Copilot.ChatApi.Tests.{Guid.NewGuid():N}");
        var options = Options.Create(new TurnPipelineOptions
        {
            Queues = [QueueNames.RunCopilotTurn, MissingQueue, QueueNames.RunSessionTurn],
        });
        var log = new ListLogger();
        var sampler = new TurnPipelineSampler(
            new TurnPipelineMetrics(meter, options, TimeProvider.System), _redis, () => broker, options, TimeProvider.System, log);
        return (sampler, meter, log);
    }

    private static Gauges Read(ServiceMeter meter)
    {
        var measurements = new List<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (instrument.Meter == meter.Meter)
            {
                subscriber.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, ToDictionary(tags))));
        listener.Start();
        listener.RecordObservableInstruments();
        return new Gauges(measurements);
    }

    private static Dictionary<string, string?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            result[key] = value?.ToString();
        }

        return result;
    }

    /// <summary>A running turn whose newest chunk (or, without chunks, its last activity) is <paramref name="ageMs"/> old.</summary>
    private async Task SeedTurnAsync(long now, long ageMs, string? lockedBy, bool streamed)
    {
        var db = _redis.GetDatabase();
        var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
        _keys.AddRange([RedisKeys.TurnMeta(session), RedisKeys.TurnStream(turn), RedisKeys.SessionLock(session), RedisKeys.ActiveTurns]);
        await db.HashSetAsync(RedisKeys.TurnMeta(session), [new("turn_id", turn.ToString()), new("status", "running")]);
        if (streamed)
        {
            await db.StreamAddAsync(RedisKeys.TurnStream(turn), "d", "{\"type\":\"start\"}", messageId: $"{now - ageMs - 5_000}-0");
            await db.StreamAddAsync(RedisKeys.TurnStream(turn), "d", "{\"type\":\"text-delta\"}", messageId: $"{now - ageMs}-0");
        }

        await db.SortedSetAddAsync(RedisKeys.ActiveTurns, session.ToString(), now - ageMs);
        if (lockedBy is not null)
        {
            await db.StringSetAsync(RedisKeys.SessionLock(session), $"{lockedBy}:{Guid.NewGuid():N}", TimeSpan.FromMinutes(5));
        }
    }

    private async Task<long> RedisNowMsAsync()
    {
        var time = (RedisResult[])(await _redis.GetDatabase().ExecuteAsync("TIME"))!;
        return long.Parse(time[0].ToString(), CultureInfo.InvariantCulture) * 1000 + long.Parse(time[1].ToString(), CultureInfo.InvariantCulture) / 1000;
    }

    /// <summary>Time since seeding, as slack for the lag figures (measured on this host, which shares Redis's clock).</summary>
    private static double Slack(long seededAtMs) => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - seededAtMs + 1_000;

    private sealed class Gauges(List<(string Instrument, double Value, Dictionary<string, string?> Tags)> measurements)
    {
        public double Single(string instrument) =>
            measurements.Where(measurement => measurement.Instrument == instrument).Should().ContainSingle(instrument).Which.Value;

        public Dictionary<string, double> Tagged(string instrument, string tag) => measurements
            .Where(measurement => measurement.Instrument == instrument)
            .ToDictionary(measurement => measurement.Tags[tag]!, measurement => measurement.Value);
    }

    private sealed class ListLogger : ILogger<TurnPipelineSampler>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
