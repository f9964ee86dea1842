using System.Collections.Concurrent;
using System.Text.Json;
using Copilot.Bench.Client;
using Copilot.Bench.Measure;
using Copilot.Bench.Target;

namespace Copilot.Bench.Scenarios;

/// <summary>What every scenario shares: the options, the system under test, this run's user names and expected answers.</summary>
public sealed class BenchContext(BenchOptions options, BenchTarget target)
{
    /// <summary>Sessions are created a few at a time so setup does not become a load test of its own.</summary>
    private const int SetupParallelism = 16;

    /// <summary>Turns run before the first measurement, so JIT, connection pools and EF's model are warm in every service.</summary>
    private const int WarmUpTurns = 10;

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private Task? _warmUp;
    private readonly ConcurrentDictionary<string, Task<ExpectedAnswer>> _expected = new(StringComparer.Ordinal);

    public BenchOptions Options { get; } = options;

    public BenchTarget Target { get; } = target;

    /// <summary>Every turn's deadline: far beyond any healthy turn, so a stuck stream becomes an error, never a hang.</summary>
    public static TimeSpan TurnTimeout { get; } = TimeSpan.FromSeconds(120);

    public string User(int index) => $"bench-{_runId}-{index % Options.Users}";

    /// <summary>Fresh sessions (one turn each, so no turn ever waits for another), owned round-robin by the run's users.</summary>
    public async Task<IReadOnlyList<(string User, Guid Session)>> CreateSessionsAsync(int count, CancellationToken cancellationToken)
    {
        var sessions = new (string User, Guid Session)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken },
            async (index, token) => sessions[index] = (User(index), await Target.Gateway.CreateSessionAsync(User(index), token)));
        return sessions;
    }

    /// <summary>Once per run: a few concurrent turns through the gateway and against the simulator, not measured.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) => _warmUp ??= WarmUpOnceAsync(cancellationToken);

    private async Task WarmUpOnceAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"warming up with {WarmUpTurns} turns");
        var message = Options.Shape.Message;
        var expected = await ExpectedAsync(message);
        var sessions = await CreateSessionsAsync(WarmUpTurns, cancellationToken);
        await LoadDriver.RunAsync("warm-up", WarmUpTurns, double.PositiveInfinity, WarmUpTurns, expected,
            (i, record, token) => Target.Gateway.RunTurnAsync(sessions[i].User, sessions[i].Session, message, record, token), cancellationToken);
        await LoadDriver.RunAsync("warm-up", WarmUpTurns, double.PositiveInfinity, WarmUpTurns, expected,
            (_, record, token) => Target.Simulator.RunAsync(message, record, token), cancellationToken);
    }

    /// <summary>The answer the simulator gives to <paramref name="message"/>, from a direct call in this run, stamps removed.</summary>
    public Task<ExpectedAnswer> ExpectedAsync(string message) => _expected.GetOrAdd(message, async text =>
    {
        var probe = new TurnRecord(new ExpectedAnswer("", 0));
        using var timeout = new CancellationTokenSource(TurnTimeout);
        await Target.Simulator.RunAsync(text, probe, timeout.Token);
        return probe.Succeeded
            ? new ExpectedAnswer(probe.Text, probe.Deltas.Count)
            : throw new InvalidOperationException($"The simulator did not answer '{text}': {probe.Error}");
    });

    /// <summary>Runs one turn with a deadline; any failure is recorded on the turn instead of ending the scenario.</summary>
    public static async Task<TurnRecord> RecordAsync(ExpectedAnswer expected, Func<TurnRecord, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        var record = new TurnRecord(expected);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TurnTimeout);
        try
        {
            await run(record, deadline.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or JsonException or OperationCanceledException)
        {
            record.Error ??= exception is OperationCanceledException ? $"no end within {TurnTimeout.TotalSeconds:0} s" : exception.Message;
        }

        return record;
    }
}
