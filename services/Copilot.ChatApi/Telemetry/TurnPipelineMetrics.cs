using System.Diagnostics.Metrics;
using Copilot.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace Copilot.ChatApi.Telemetry;

/// <summary>
/// Platform-wide turn state as gauges on chat-api's meter (<c>Copilot.ChatApi</c>): running turns, turns awaiting an
/// executor, stream lag, session locks held and the turn queues. The values are global — every sampling replica
/// reports the same — so read them per instance or with max, never summed over replicas. The callbacks only read what
/// <see cref="TurnPipelineSampler"/> cached: no I/O runs on the exporter's collection thread, and a sample older than
/// three intervals (Redis or the broker unreachable) is reported as nothing rather than as a frozen value.
/// </summary>
public sealed class TurnPipelineMetrics
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleAfter;
    private volatile Sampled<RunningTurnsSample>? _turns;
    private volatile Sampled<IReadOnlyList<QueueSample>>? _queues;

    public TurnPipelineMetrics(ServiceMeter meter, IOptions<TurnPipelineOptions> options, TimeProvider time)
    {
        _time = time;
        _staleAfter = options.Value.SampleInterval * 3;
        var m = meter.Meter;
        m.CreateObservableGauge("copilot.turns.running", () => Turns(turns => turns.Running),
            "{turn}", "Running turns across the platform (the active-turn index in Redis).");
        m.CreateObservableGauge("copilot.turns.awaiting_executor", () => Turns(turns => (long)turns.AwaitingExecutor),
            "{turn}", "Running turns whose session lock no executor holds: queued, or between workers.");
        m.CreateObservableGauge("copilot.turn_stream.lag.max", () => Turns(turns => turns.LagMaxMs ?? 0),
            "ms", "Largest age of a running turn's newest stream entry, by Redis's clock (0 with no running turn).");
        m.CreateObservableGauge("copilot.turn_stream.lag.p50", () => Turns(turns => turns.LagP50Ms ?? 0),
            "ms", "Median age of the running turns' newest stream entries, by Redis's clock (0 with no running turn).");
        m.CreateObservableGauge("copilot.session_locks.held", () => Turns(turns => (long)turns.LocksHeld),
            "{lock}", "Executor session locks held by running turns.");
        m.CreateObservableGauge("copilot.session_locks.held_by_executor", LocksByExecutor,
            "{lock}", "Executor session locks held by running turns, per executor process (host-pid).");
        m.CreateObservableGauge("copilot.queue.messages", () => Queues(queue => queue.Messages),
            "{message}", "Messages ready in a turn queue, by queue.");
        m.CreateObservableGauge("copilot.queue.consumers", () => Queues(queue => queue.Consumers),
            "{consumer}", "Consumers of a turn queue, by queue.");
    }

    public void Record(RunningTurnsSample turns) => _turns = new(turns, _time.GetUtcNow());

    public void Record(IReadOnlyList<QueueSample> queues) => _queues = new(queues, _time.GetUtcNow());

    private IEnumerable<Measurement<T>> Turns<T>(Func<RunningTurnsSample, T> value) where T : struct =>
        Fresh(_turns) is { } turns ? [new Measurement<T>(value(turns))] : [];

    private IEnumerable<Measurement<long>> LocksByExecutor() =>
        Fresh(_turns) is { } turns
            ? turns.LocksByExecutor.Select(holder => new Measurement<long>(holder.Value, new KeyValuePair<string, object?>("executor", holder.Key)))
            : [];

    private IEnumerable<Measurement<long>> Queues(Func<QueueSample, long> value) =>
        Fresh(_queues) is { } queues
            ? queues.Select(queue => new Measurement<long>(value(queue), new KeyValuePair<string, object?>("queue", queue.Queue)))
            : [];

    private T? Fresh<T>(Sampled<T>? sampled) where T : class =>
        sampled is not null && _time.GetUtcNow() - sampled.At <= _staleAfter ? sampled.Value : null;

    private sealed record Sampled<T>(T Value, DateTimeOffset At);
}
