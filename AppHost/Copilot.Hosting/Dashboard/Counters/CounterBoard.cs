using System.Diagnostics;

namespace Copilot.Hosting.Dashboard.Counters;

/// <summary>A source's latest reading: its values, or why it has none.</summary>
public sealed record CounterReading(string Name, bool Available, string? Error, double ElapsedMs, object? Values);

public sealed record CounterReport(DateTimeOffset At, IReadOnlyList<CounterReading> Sources);

/// <summary>
/// Reads every source at once, each under its own timeout so one slow system cannot stall the page. A report is reused
/// for a second: several open dashboards must not multiply the load on Redis or the broker.
/// </summary>
public sealed class CounterBoard(IReadOnlyList<ICounterSource> sources, TimeProvider? time = null) : IAsyncDisposable
{
    public static readonly TimeSpan SourceTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private CounterReport? _last;

    public IReadOnlyList<ICounterSource> Sources { get; } = sources;

    public async Task<CounterReport> ReadAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && _time.GetUtcNow() - last.At < ReuseFor)
            {
                return last;
            }

            var readings = await Task.WhenAll(Sources.Select(source => ReadOneAsync(source, cancellationToken)));
            return _last = new CounterReport(_time.GetUtcNow(), readings);
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>Sources holding connections (Redis) release them with the application.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var source in Sources.OfType<IAsyncDisposable>())
        {
            await source.DisposeAsync();
        }
    }

    private static async Task<CounterReading> ReadOneAsync(ICounterSource source, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SourceTimeout);
        try
        {
            var values = await source.ReadAsync(timeout.Token).WaitAsync(timeout.Token);
            return new CounterReading(source.Name, true, null, ElapsedMs(started), values);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CounterReading(source.Name, false, $"no answer within {SourceTimeout.TotalSeconds:0} s", ElapsedMs(started), null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new CounterReading(source.Name, false, exception.GetBaseException().Message, ElapsedMs(started), null);
        }
    }

    private static double ElapsedMs(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}
