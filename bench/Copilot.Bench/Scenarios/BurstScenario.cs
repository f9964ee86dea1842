using Copilot.Bench.Measure;
using Copilot.Bench.Report;

namespace Copilot.Bench.Scenarios;

/// <summary>Many turns started in the same instant: queueing in RabbitMQ and the executors shows up as TTFT tax.</summary>
public static class BurstScenario
{
    public static async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        await context.WarmUpAsync(cancellationToken);
        var shape = options.Shape;
        var expected = await context.ExpectedAsync(shape.Message);
        var sessions = await context.CreateSessionsAsync(options.Burst, cancellationToken);

        Console.WriteLine($"burst: {options.Burst} turns at once, simulator directly");
        var simulator = await LoadDriver.RunAsync("simulator directly", options.Burst, double.PositiveInfinity, options.Burst, expected,
            (_, record, token) => context.Target.Simulator.RunAsync(shape.Message, record, token), cancellationToken);

        Console.WriteLine($"burst: {options.Burst} turns at once through the gateway");
        context.Target.Monitor.Begin();
        var platform = await LoadDriver.RunAsync("platform (gateway)", options.Burst, double.PositiveInfinity, options.Burst, expected,
            (i, record, token) => context.Target.Gateway.RunTurnAsync(sessions[i].User, sessions[i].Session, shape.Message, record, token),
            cancellationToken);
        var usage = context.Target.Monitor.End();
        var cost = CpuCost.Of(usage, platform.Succeeded, platform.TextDeltas);

        var report = new ScenarioReport("burst", "burst — turns started all at once");
        report.Paragraph($"{options.Burst} turns sent in the same instant (fresh sessions, {options.Users} users), each `{shape.Message}`. " +
            "The spec's TTFT targets are set for the steady operating point; here the tax shows how a spike queues up.");
        Tables.Latency(report, "Latency taxes and integrity", [platform, simulator]);
        Tables.Cost(report, "CPU per turn and per text delta in the burst", cost);
        Tables.Breakdown(report, platform);
        Tables.Processes(report, "Processes during the burst", usage);
        report.Summary = ScenarioSummary.Of(platform, cost);
        return report;
    }
}
