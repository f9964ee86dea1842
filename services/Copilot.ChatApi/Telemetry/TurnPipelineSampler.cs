using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Copilot.ChatApi.Telemetry;

/// <summary>
/// Samples the turn pipeline every <see cref="TurnPipelineOptions.SampleInterval"/> into <see cref="TurnPipelineMetrics"/>:
/// Redis (running turns, stream lag, locks) and the broker (turn queues) in two independent loops, so one that is down
/// or slow never holds the other's figures back. A failing sample is logged when it starts failing, then at most once
/// every few minutes, and when it recovers; it never stops the loop or the service.
/// </summary>
public sealed partial class TurnPipelineSampler : BackgroundService
{
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromMinutes(5);

    private readonly TurnPipelineMetrics _metrics;
    private readonly IConnectionMultiplexer _redis;
    private readonly Func<IConnection> _broker;
    private readonly TurnPipelineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TurnPipelineSampler> _logger;
    private readonly Source _turns;
    private readonly Source _queues;
    private Task<IConnection>? _connecting;

    /// <param name="broker">
    /// Resolves the AMQP connection. Aspire's client connects (with retries) on first resolution, synchronously, so it is
    /// called off the startup path and at most once at a time.
    /// </param>
    public TurnPipelineSampler(
        TurnPipelineMetrics metrics,
        IConnectionMultiplexer redis,
        Func<IConnection> broker,
        IOptions<TurnPipelineOptions> options,
        TimeProvider time,
        ILogger<TurnPipelineSampler> logger)
    {
        _metrics = metrics;
        _redis = redis;
        _broker = broker;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _turns = new Source("redis", SampleTurnsAsync);
        _queues = new Source("rabbitmq", SampleQueuesAsync);
    }

    /// <summary>
    /// One sample of both sources, as each loop takes per tick; failures are logged, never thrown. For callers that do not
    /// run the service's loops (tests), since a source's failure streak is not meant to be updated concurrently.
    /// </summary>
    public Task SampleOnceAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(TrySampleAsync(_turns, cancellationToken), TrySampleAsync(_queues, cancellationToken));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _options.Enabled
        ? Task.WhenAll(LoopAsync(_turns, stoppingToken), LoopAsync(_queues, stoppingToken))
        : Task.CompletedTask;

    private async Task LoopAsync(Source source, CancellationToken stoppingToken)
    {
        // Off the host's startup path: the first Redis or broker call may wait for a server that is still starting.
        await Task.Yield();
        // Its Redis commands and queue declares, every few seconds on every replica, would bury the traces of real
        // requests in the dashboard; the scope flows with this loop's async context.
        using var untraced = OpenTelemetry.SuppressInstrumentationScope.Begin();
        using var timer = new PeriodicTimer(_options.SampleInterval, _time);
        try
        {
            do
            {
                await TrySampleAsync(source, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TrySampleAsync(Source source, CancellationToken cancellationToken)
    {
        // A sample that outlives its interval is abandoned, so a hung server costs one missed tick, not a growing backlog.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.SampleInterval);
        try
        {
            await source.Sample(budget.Token);
            if (source.Succeeded() is > 0 and var failures)
            {
                LogRecovered(source.Name, failures);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (source.Failed(_time.GetUtcNow(), FailureLogInterval) is { } failures)
            {
                LogSampleFailed(exception, source.Name, failures);
            }
        }
    }

    private async Task SampleTurnsAsync(CancellationToken cancellationToken) =>
        _metrics.Record(await RunningTurnsReader.ReadAsync(_redis.GetDatabase(), _options.MaxSampledTurns).WaitAsync(cancellationToken));

    private async Task SampleQueuesAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync().WaitAsync(cancellationToken);
        _metrics.Record(await TurnQueueReader.ReadAsync(connection, _options.Queues, cancellationToken));
    }

    /// <summary>The connection once resolved; a failed resolution is retried at the next tick, a pending one awaited.</summary>
    private Task<IConnection> ConnectAsync()
    {
        if (_connecting is { IsFaulted: true } or { IsCanceled: true })
        {
            _connecting = null;
        }

        return _connecting ??= Task.Run(_broker);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Sampling the turn pipeline's metrics from {Source} failed ({Failures} in a row); its gauges report nothing until it recovers")]
    private partial void LogSampleFailed(Exception exception, string source, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sampling the turn pipeline's metrics from {Source} works again after {Failures} failed samples")]
    private partial void LogRecovered(string source, int failures);

    /// <summary>
    /// One sampled server and its failures. Failures are logged at most once per interval even across short recoveries,
    /// so a flapping server cannot flood the log; a recovery is logged only after a logged failure.
    /// Each source's loop is sequential, so no locking.
    /// </summary>
    private sealed class Source(string name, Func<CancellationToken, Task> sample)
    {
        private int _failures;
        private bool _streakReported;
        private DateTimeOffset? _lastReported;

        public string Name => name;

        public Func<CancellationToken, Task> Sample => sample;

        /// <summary>The failures of the streak that just ended when that streak was logged, else 0.</summary>
        public int Succeeded()
        {
            var failures = _streakReported ? _failures : 0;
            _failures = 0;
            _streakReported = false;
            return failures;
        }

        /// <summary>The streak's length when this failure should be logged, else null.</summary>
        public int? Failed(DateTimeOffset now, TimeSpan reportInterval)
        {
            _failures++;
            if (now - _lastReported < reportInterval)
            {
                return null;
            }

            _lastReported = now;
            _streakReported = true;
            return _failures;
        }
    }
}
