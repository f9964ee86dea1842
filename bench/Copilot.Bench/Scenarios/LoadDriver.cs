using Copilot.Bench.Measure;

namespace Copilot.Bench.Scenarios;

/// <summary>
/// Open-loop arrivals: turn i starts at <c>i / rate</c> seconds (all at once for an infinite rate), unless
/// <c>concurrency</c> turns are already running; then it starts as soon as one ends, and the phase reports how
/// many arrivals had to wait.
/// </summary>
public static class LoadDriver
{
    public static async Task<PhaseResult> RunAsync(
        string name, int count, double rate, int concurrency, ExpectedAnswer expected,
        Func<int, TurnRecord, CancellationToken, Task> runTurn, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(concurrency);
        var inFlight = 0;
        var maxInFlight = 0;
        var delayed = 0;
        var turns = new Task<TurnRecord>[count];
        var started = DateTime.UtcNow;
        for (var index = 0; index < count; index++)
        {
            if (!double.IsPositiveInfinity(rate))
            {
                var due = started + TimeSpan.FromSeconds(index / rate);
                if (due > DateTime.UtcNow)
                {
                    await Task.Delay(due - DateTime.UtcNow, cancellationToken);
                }
            }

            if (!slots.Wait(0, cancellationToken))
            {
                delayed++;
                await slots.WaitAsync(cancellationToken);
            }

            var current = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, current);
            var turn = index;
            turns[index] = Task.Run(async () =>
            {
                try
                {
                    return await BenchContext.RecordAsync(expected, (record, token) => runTurn(turn, record, token), cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                    slots.Release();
                }
            }, cancellationToken);
        }

        return new PhaseResult(name, await Task.WhenAll(turns), maxInFlight, delayed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
