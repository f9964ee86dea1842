using Copilot.Bench.Measure;
using Copilot.Bench.Report;

namespace Copilot.Bench.Scenarios;

/// <summary>
/// The spec's operating point: new turns at a fixed rate with a cap on concurrent streams. The same load runs against
/// the simulator directly (the baseline), against chat-api without the gateway (own stack only), then through the
/// gateway, which is what the targets are about; a few turns one at a time first show the path's cost without load.
/// </summary>
public static class SteadyScenario
{
    public static async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var shape = options.Shape;
        var expected = await context.ExpectedAsync(shape.Message);
        var baselineTurns = (int)Math.Ceiling(options.Rate * options.BaselineDuration.TotalSeconds);
        var platformTurns = (int)Math.Ceiling(options.Rate * options.Duration.TotalSeconds);
        var sequentialTurns = options.SequentialWarmUp + options.SequentialTurns;
        var chatApi = context.Target.ChatApi;
        var sessions = await context.CreateSessionsAsync(
            sequentialTurns + platformTurns + (chatApi is null ? 0 : baselineTurns), cancellationToken);

        await context.WarmUpAsync(cancellationToken);
        var sequential = await RunSequentialAsync(context, sessions, expected, cancellationToken);

        Console.WriteLine($"steady: simulator directly, {baselineTurns} turns at {options.Rate}/s");
        var simulator = await LoadDriver.RunAsync("simulator directly", baselineTurns, options.Rate, options.Concurrency, expected,
            (_, record, token) => context.Target.Simulator.RunAsync(shape.Message, record, token), cancellationToken);

        PhaseResult? direct = null;
        if (chatApi is not null)
        {
            Console.WriteLine($"steady: chat-api without the gateway, {baselineTurns} turns at {options.Rate}/s");
            var offset = sequentialTurns + platformTurns;
            direct = await LoadDriver.RunAsync("chat-api, no gateway", baselineTurns, options.Rate, options.Concurrency, expected,
                (i, record, token) => chatApi.RunTurnAsync(sessions[offset + i].User, sessions[offset + i].Session, shape.Message, record, token),
                cancellationToken);
        }

        Console.WriteLine($"steady: through the gateway, {platformTurns} turns at {options.Rate}/s, at most {options.Concurrency} at once");
        context.Target.Monitor.Begin();
        var platform = await LoadDriver.RunAsync("platform (gateway)", platformTurns, options.Rate, options.Concurrency, expected,
            (i, record, token) => context.Target.Gateway.RunTurnAsync(
                sessions[sequentialTurns + i].User, sessions[sequentialTurns + i].Session, shape.Message, record, token),
            cancellationToken);
        var usage = context.Target.Monitor.End();
        var cost = CpuCost.Of(usage, platform.Succeeded, platform.TextDeltas);

        var report = new ScenarioReport("steady", "steady — concurrent streams at a fixed rate of new turns");
        // InvariantGlobalization: every number formats the same everywhere.
        report.Paragraph(
            $"{options.Rate} new turns/s, at most {options.Concurrency} streams at once, {options.Duration.TotalSeconds:0} s through the gateway " +
            $"({options.BaselineDuration.TotalSeconds:0} s for each comparison path). Every turn: `{shape.Message}` — " +
            $"{expected.Deltas} text deltas, simulator time to first token {shape.TimeToFirstTokenMs} ms, {shape.InterTokenDelayMs} ms between deltas. " +
            "TTFT tax = client's time to first text − the simulator's own (request received → first delta emitted); " +
            "inter-chunk tax = simulator emit → client receive, per text delta. Columns: the platform under the load (the targets' " +
            "subject), the same load on chat-api without the gateway and on the simulator alone, and " +
            $"{options.SequentialTurns} turns one after another before the load (the path's fixed cost, no queueing), measured after " +
            $"{options.SequentialWarmUp} more turns run the same way and discarded (on top of the run's concurrent warm-up), so JIT, " +
            "connection pools and caches along that path are warm and the phase shows the steady cost, not the first turns'.");
        Tables.Latency(report, "Latency taxes and integrity",
            [platform, .. direct is null ? Array.Empty<PhaseResult>() : [direct], simulator, sequential]);
        Tables.Cost(report, "CPU per turn and per text delta in the gateway phase", cost);
        Tables.Breakdown(report, platform);
        Tables.Breakdown(report, sequential);
        Tables.Processes(report, "Processes during the gateway phase", usage);
        report.Summary = ScenarioSummary.Of(platform, cost) with
        {
            OneAtATime = new OneAtATimeSummary(options.SequentialWarmUp, sequential.Turns.Count,
                Percentiles.Of(sequential.TtftTax), Percentiles.Of(sequential.InterChunkTax)),
        };
        return report;
    }

    /// <summary>
    /// Turns one after another through the gateway: the path's fixed cost without queueing. The first
    /// <see cref="BenchOptions.SequentialWarmUp"/> are discarded: the run's warm-up is concurrent, and the sequential
    /// path still paid first-call costs after it (the 11-25 runs measured 69 and 135 ms p50 for the same phase).
    /// </summary>
    private static async Task<PhaseResult> RunSequentialAsync(
        BenchContext context, IReadOnlyList<(string User, Guid Session)> sessions, ExpectedAnswer expected, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var message = options.Shape.Message;
        var gateway = context.Target.Gateway;
        if (options.SequentialWarmUp > 0)
        {
            Console.WriteLine($"steady: {options.SequentialWarmUp} turns one at a time through the gateway, discarded (warm-up)");
            await LoadDriver.RunAsync("one at a time, warm-up", options.SequentialWarmUp, double.PositiveInfinity, 1, expected,
                (i, record, token) => gateway.RunTurnAsync(sessions[i].User, sessions[i].Session, message, record, token), cancellationToken);
        }

        Console.WriteLine($"steady: {options.SequentialTurns} turns one at a time through the gateway");
        var offset = options.SequentialWarmUp;
        return await LoadDriver.RunAsync("one at a time (gateway)", options.SequentialTurns, double.PositiveInfinity, 1, expected,
            (i, record, token) => gateway.RunTurnAsync(sessions[offset + i].User, sessions[offset + i].Session, message, record, token),
            cancellationToken);
    }
}
