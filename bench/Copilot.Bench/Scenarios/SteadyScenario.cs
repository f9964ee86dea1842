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
    /// <summary>Turns run one after another before the load: the path's fixed cost, without queueing.</summary>
    private const int SequentialTurns = 10;

    public static async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var shape = options.Shape;
        var expected = await context.ExpectedAsync(shape.Message);
        var baselineTurns = (int)Math.Ceiling(options.Rate * options.BaselineDuration.TotalSeconds);
        var platformTurns = (int)Math.Ceiling(options.Rate * options.Duration.TotalSeconds);
        var chatApi = context.Target.ChatApi;
        var sessions = await context.CreateSessionsAsync(
            SequentialTurns + platformTurns + (chatApi is null ? 0 : baselineTurns), cancellationToken);

        await context.WarmUpAsync(cancellationToken);
        Console.WriteLine($"steady: {SequentialTurns} turns one at a time through the gateway");
        var sequential = await LoadDriver.RunAsync("one at a time (gateway)", SequentialTurns, double.PositiveInfinity, 1, expected,
            (i, record, token) => context.Target.Gateway.RunTurnAsync(
                sessions[i].User, sessions[i].Session, shape.Message, record, token),
            cancellationToken);

        Console.WriteLine($"steady: simulator directly, {baselineTurns} turns at {options.Rate}/s");
        var simulator = await LoadDriver.RunAsync("simulator directly", baselineTurns, options.Rate, options.Concurrency, expected,
            (_, record, token) => context.Target.Simulator.RunAsync(shape.Message, record, token), cancellationToken);

        PhaseResult? direct = null;
        if (chatApi is not null)
        {
            Console.WriteLine($"steady: chat-api without the gateway, {baselineTurns} turns at {options.Rate}/s");
            var offset = SequentialTurns + platformTurns;
            direct = await LoadDriver.RunAsync("chat-api, no gateway", baselineTurns, options.Rate, options.Concurrency, expected,
                (i, record, token) => chatApi.RunTurnAsync(sessions[offset + i].User, sessions[offset + i].Session, shape.Message, record, token),
                cancellationToken);
        }

        Console.WriteLine($"steady: through the gateway, {platformTurns} turns at {options.Rate}/s, at most {options.Concurrency} at once");
        context.Target.Monitor.Begin();
        var platform = await LoadDriver.RunAsync("platform (gateway)", platformTurns, options.Rate, options.Concurrency, expected,
            (i, record, token) => context.Target.Gateway.RunTurnAsync(
                sessions[SequentialTurns + i].User, sessions[SequentialTurns + i].Session, shape.Message, record, token),
            cancellationToken);
        var usage = context.Target.Monitor.End();

        var report = new ScenarioReport("steady", "steady — concurrent streams at a fixed rate of new turns");
        // InvariantGlobalization: every number formats the same everywhere.
        report.Paragraph(
            $"{options.Rate} new turns/s, at most {options.Concurrency} streams at once, {options.Duration.TotalSeconds:0} s through the gateway " +
            $"({options.BaselineDuration.TotalSeconds:0} s for each comparison path). Every turn: `{shape.Message}` — " +
            $"{expected.Deltas} text deltas, simulator time to first token {shape.TimeToFirstTokenMs} ms, {shape.InterTokenDelayMs} ms between deltas. " +
            "TTFT tax = client's time to first text − the simulator's own (request received → first delta emitted); " +
            "inter-chunk tax = simulator emit → client receive, per text delta. Columns: the platform under the load (the targets' " +
            "subject), the same load on chat-api without the gateway and on the simulator alone, and " +
            $"{SequentialTurns} turns one after another before the load (the path's fixed cost, no queueing).");
        Tables.Latency(report, "Latency taxes and integrity",
            [platform, .. direct is null ? Array.Empty<PhaseResult>() : [direct], simulator, sequential]);
        Tables.Breakdown(report, platform);
        Tables.Breakdown(report, sequential);
        Tables.Processes(report, "Processes during the gateway phase", usage);
        return report;
    }
}
