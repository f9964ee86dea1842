using System.Globalization;
using Copilot.Bench.Measure;
using Copilot.Bench.Report;

namespace Copilot.Bench.Scenarios;

/// <summary>
/// How many new turns per second the platform sustains on this machine: the rate rises step by step until a step
/// fails (see <see cref="CapacityStep"/>), first against the simulator alone, then through the gateway, so the
/// platform's figure sits beside what the same cores do without it.
/// </summary>
public static class CapacityScenario
{
    /// <summary>Streams allowed per stream the rate needs on paper (rate × turn length): room for a slower path.</summary>
    private const double ConcurrencyHeadroom = 1.5;

    /// <summary>Between steps, so a step's tail (usage and billing settling its turns) does not land in the next window.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var shape = options.Shape;
        await context.WarmUpAsync(cancellationToken);
        var expected = await context.ExpectedAsync(shape.Message);
        var rates = Rates(options).ToList();

        var simulator = await StepAsync(context, "simulator directly", rates, turns =>
            Task.FromResult<Func<int, TurnRecord, CancellationToken, Task>>(
                (_, record, token) => context.Target.Simulator.RunAsync(shape.Message, record, token)), expected, cancellationToken);
        var platform = await StepAsync(context, "platform (gateway)", rates, async turns =>
        {
            // Created before the step's window opens: setup is not what is measured.
            var sessions = await context.CreateSessionsAsync(turns, cancellationToken);
            return (i, record, token) => context.Target.Gateway.RunTurnAsync(sessions[i].User, sessions[i].Session, shape.Message, record, token);
        }, expected, cancellationToken);

        return Report(options, expected, rates, platform, simulator);
    }

    private static IEnumerable<double> Rates(BenchOptions options)
    {
        // Counted in steps rather than summed, so 0.1-sized steps do not drift past the maximum.
        for (var step = 0; options.StartRate + step * options.RateStep <= options.MaxRate + 1e-9; step++)
        {
            yield return options.StartRate + step * options.RateStep;
        }
    }

    private static int ConcurrencyFor(double rate, TurnShape shape) =>
        Math.Max(1, (int)Math.Ceiling(rate * shape.Length.TotalSeconds * ConcurrencyHeadroom));

    /// <summary>Runs the rates in order on one path, stopping after the first step it does not sustain.</summary>
    private static async Task<List<CapacityStep>> StepAsync(BenchContext context, string path, IReadOnlyList<double> rates,
        Func<int, Task<Func<int, TurnRecord, CancellationToken, Task>>> prepare, ExpectedAnswer expected, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var monitor = context.Target.Monitor;
        var steps = new List<CapacityStep>();
        await WarmUpAsync(context, path, rates[0], prepare, expected, cancellationToken);
        foreach (var rate in rates)
        {
            var turns = (int)Math.Ceiling(rate * options.StepDuration.TotalSeconds);
            var concurrency = ConcurrencyFor(rate, options.Shape);
            var runTurn = await prepare(turns);
            Console.WriteLine($"capacity: {path}, {rate}/s for {options.StepDuration.TotalSeconds:0} s ({turns} turns, at most {concurrency} at once)");
            monitor.Begin();
            var phase = await LoadDriver.RunAsync(path, turns, rate, concurrency, expected, runTurn, cancellationToken);
            var step = new CapacityStep(rate, concurrency, phase, monitor.End());
            steps.Add(step);
            Console.WriteLine($"capacity: {path} at {rate}/s " + (step.Sustained ? "sustained" : $"not sustained: {step.FailedBecause}"));
            if (!step.Sustained)
            {
                break;
            }

            await Task.Delay(Settle, cancellationToken);
        }

        return steps;
    }

    /// <summary>
    /// One step at the start rate, discarded. The run's warm-up (ten turns at once) leaves much of the platform's code
    /// unoptimised: without this, the first measured step paid for it (a smoke run's first step cost ~3 × the CPU per
    /// turn of the steady scenario's gateway phase, billing and usage most of all), and failed on cold paths.
    /// </summary>
    private static async Task WarmUpAsync(BenchContext context, string path, double rate,
        Func<int, Task<Func<int, TurnRecord, CancellationToken, Task>>> prepare, ExpectedAnswer expected, CancellationToken cancellationToken)
    {
        var turns = WarmUpTurns(context.Options, rate);
        Console.WriteLine($"capacity: {path}, warm-up: {turns} turns at {rate}/s, discarded");
        await LoadDriver.RunAsync($"{path}, warm-up", turns, rate, ConcurrencyFor(rate, context.Options.Shape), expected,
            await prepare(turns), cancellationToken);
        await Task.Delay(Settle, cancellationToken);
    }

    private static int WarmUpTurns(BenchOptions options, double rate) => (int)Math.Ceiling(rate * options.StepDuration.TotalSeconds);

    private static double MaxSustained(IReadOnlyList<CapacityStep> steps) =>
        steps.Where(step => step.Sustained).Select(step => step.Rate).DefaultIfEmpty(0).Max();

    private static ScenarioReport Report(BenchOptions options, ExpectedAnswer expected, IReadOnlyList<double> rates,
        IReadOnlyList<CapacityStep> platform, IReadOnlyList<CapacityStep> simulator)
    {
        var shape = options.Shape;
        var platformMax = MaxSustained(platform);
        var simulatorMax = MaxSustained(simulator);
        var report = new ScenarioReport("capacity", "capacity — the highest rate of new turns sustained");
        report.Paragraph(
            $"New turns at a rising rate: {rates[0]}/s, then +{options.RateStep}/s per step up to {options.MaxRate}/s, each step " +
            $"{options.StepDuration.TotalSeconds:0} s of arrivals (then its turns drain). Every turn: `{shape.Message}` " +
            $"({expected.Deltas} text deltas, about {shape.Length.TotalSeconds:0.0} s at the simulator's pace); at most " +
            $"rate × {shape.Length.TotalSeconds:0.0} s × {ConcurrencyHeadroom} streams at once. A step is sustained when it has no errors, " +
            $"no lost, duplicated or reordered chunk, a TTFT tax p99 ≤ {CapacityStep.TtftTaxP99LimitMs:0} ms and no arrival held back " +
            "by that cap; the stepping stops at the first step that is not. The simulator alone is stepped the same way first, " +
            $"on the same cores, as the ceiling the platform is measured against. Each path first runs {WarmUpTurns(options, rates[0])} turns " +
            $"at {Rate(rates[0])}/s (one step at the start rate), discarded, so the stepping measures a warmed-up system. \"turns/s completed\" spans a step's first request " +
            "to its last turn's end, drain included, so it stays below the offered rate even for a sustained step.");
        report.Table("Highest rate sustained", ["path", "new turns/s sustained", "stopped at"],
        [
            ["platform (gateway)", Rate(platformMax), StoppedAt(platform, options)],
            ["simulator directly", Rate(simulatorMax), StoppedAt(simulator, options)],
        ]);
        StepTable(report, "Steps through the gateway", platform, step => Tables.Ms(step.Cost.Platform.MsPerTurn), "platform CPU ms per turn");
        StepTable(report, "Steps against the simulator directly", simulator,
            step => Tables.Number(step.Usage.Processes.Where(process => process.Service == "llm-sim").Sum(process => process.CpuPercent)),
            "llm-sim CPU %");

        // The cost of a turn at the highest sustained rate: the platform's operating point on this machine.
        var reference = platform.LastOrDefault(step => step.Sustained) ?? platform[0];
        Tables.Cost(report, $"CPU per turn and per text delta at {reference.Rate}/s through the gateway", reference.Cost);
        Tables.Processes(report, $"Processes at {reference.Rate}/s through the gateway", reference.Usage);
        report.Summary = ScenarioSummary.Of(reference.Phase, reference.Cost) with
        {
            WarmUpTurns = WarmUpTurns(options, rates[0]),
            MaxTurnsPerS = platformMax,
            SimulatorMaxTurnsPerS = simulatorMax,
            Steps = [.. platform.Select(step => step.ToSummary(platform: true))],
            SimulatorSteps = [.. simulator.Select(step => step.ToSummary(platform: false))],
        };
        return report;
    }

    private static void StepTable(ScenarioReport report, string heading, IReadOnlyList<CapacityStep> steps,
        Func<CapacityStep, string> cpu, string cpuHeader)
    {
        var rows = steps.Select(step => (IReadOnlyList<string>)
        [
            Rate(step.Rate), step.Concurrency.ToString(CultureInfo.InvariantCulture), $"{step.Phase.Succeeded} / {step.Phase.Errors}",
            Tables.Number(step.Phase.TurnsPerSecond),
            $"{Tables.Ms(step.Phase.TtftTax.Percentile(50))} / {Tables.Ms(step.Phase.TtftTax.Percentile(99))}",
            $"{Tables.Ms(step.Phase.InterChunkTax.Percentile(50))} / {Tables.Ms(step.Phase.InterChunkTax.Percentile(99))}",
            $"{step.Phase.Lost} / {step.Phase.Duplicated} / {step.Phase.Reordered}",
            $"{step.Phase.MaxInFlight} / {step.Phase.DelayedStarts}", cpu(step), Tables.Number(step.Usage.MachineBusyPercent),
            step.Sustained ? "yes" : $"**no**: {step.FailedBecause}",
        ]);
        report.Table(heading,
            ["offered turns/s", "stream cap", "turns ok / errors", "turns/s completed", "TTFT tax p50 / p99", "inter-chunk tax p50 / p99",
                "lost / dup / reordered", "max in flight / late starts", cpuHeader, "machine CPU %", "sustained"], rows);
    }

    private static string StoppedAt(IReadOnlyList<CapacityStep> steps, BenchOptions options) =>
        steps[^1].Sustained ? $"the maximum tried (--max-rate {Rate(options.MaxRate)})" : $"{Rate(steps[^1].Rate)}/s: {steps[^1].FailedBecause}";

    private static string Rate(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture);
}
