using System.Globalization;
using Copilot.Bench.Report;
using Copilot.Testing.Faults;

namespace Copilot.Bench.Chaos;

/// <summary>The chaos run's report: faults by kind, turns, recovery per kind, and every violation with the faults around it.</summary>
public sealed class ChaosReport(
    ChaosOptions options,
    IReadOnlyList<PlannedFault> plan,
    IReadOnlyList<FaultRecord> faults,
    IReadOnlyList<ChaosTurn> turns,
    Observation observation,
    TimeSpan duration)
{
    /// <summary>Faults that started this long before a violation, or just after it, are shown with it.</summary>
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(5);

    /// <summary>The report lists this many violations in full; the JSON all of them.</summary>
    private const int ListedViolations = 40;

    public int Violations => observation.Violations.Count;

    public ChaosSummary Summary(DateTimeOffset date, IReadOnlyList<double>? loadAverage)
    {
        var recovery = Recovery.PerKind(faults, turns);
        return new ChaosSummary
        {
            Date = date,
            Seed = options.Seed,
            LoadAverageAtStart = loadAverage,
            DurationS = Math.Round(duration.TotalSeconds, 1),
            FaultsPlanned = plan.Count,
            FaultsInjected = faults.Count,
            FaultsFailed = faults.Count(fault => fault.Failure is not null),
            FaultsByKind = faults.GroupBy(fault => fault.Planned.Kind).OrderBy(kind => kind.Key).ToDictionary(kind => kind.Key.ToString(), kind => kind.Count()),
            TurnsAccepted = turns.Count(turn => turn.Transcript.Accepted),
            TurnsCompleted = observation.Outcomes.Count(outcome => outcome.Completed),
            TurnsFailed = observation.Outcomes.Count(outcome => outcome.ErrorText is not null && !outcome.Stopped),
            TurnsStopped = observation.Outcomes.Count(outcome => outcome.Stopped),
            TurnsRejected = turns.Count(turn => !turn.Transcript.Accepted),
            Resumes = turns.Sum(turn => turn.Transcript.Resumes),
            ModelCalls = observation.ModelCalls,
            RedeliveredCharges = observation.RedeliveredCharges,
            ParkedMessages = observation.Parked.Count,
            RecoveryMs = recovery.OrderBy(kind => kind.Key).ToDictionary(kind => kind.Key.ToString(), kind => Percentiles.Of(kind.Value.Ms)),
            InvariantViolations = observation.Violations.Count,
            Violations = [.. observation.Violations.Select(violation =>
                new ViolationSummary(violation.Invariant, violation.At, violation.Detail, [.. FaultsAround(violation.At).Select(fault => fault.ToString())]))],
        };
    }

    public ScenarioReport ToMarkdown(ChaosSummary summary)
    {
        var report = new ScenarioReport("chaos", $"Chaos soak — seed {options.Seed}, {faults.Count} faults, {summary.InvariantViolations} invariant violation(s)");
        report.Paragraph(
            $"Replay: `./bench/run.sh --scenario chaos --faults {options.Faults} --seed {options.Seed} --fault-gap-ms {options.MeanGap.TotalMilliseconds:0} " +
            $"--chaos-users {options.Workers}`. {faults.Count} of {plan.Count} planned faults injected ({summary.FaultsFailed} failed to inject) " +
            $"over {duration.TotalSeconds:0} s of load ({options.Workers} users at once through the gateway; lease {ChaosStack.Lease.TotalSeconds:0} s, " +
            $"idle timeout {ChaosStack.IdleTimeout.TotalSeconds:0} s). Recovery: from a fault's start to the end of the first turn sent after it that was " +
            "answered normally (faults overlap, so a recovery may include another fault's).");
        var recovery = Recovery.PerKind(faults, turns);
        report.Table("Faults by kind", ["kind", "injected", "failed to inject", "recovery p50 (ms)", "recovery p99 (ms)", "no turn answered after"],
            faults.GroupBy(fault => fault.Planned.Kind).OrderBy(kind => kind.Key).Select(kind => (IReadOnlyList<string>)
            [
                kind.Key.ToString(), N(kind.Count()), N(kind.Count(fault => fault.Failure is not null)),
                Ms(recovery[kind.Key].Ms.Percentile(50)), Ms(recovery[kind.Key].Ms.Percentile(99)), N(recovery[kind.Key].Never),
            ]));
        report.Table("Turns", ["shape", "sent", "accepted", "completed", "failed", "stopped", "resumes"],
            turns.GroupBy(turn => turn.Closing ? "closing" : turn.Shape.ToString()).OrderBy(shape => shape.Key).Select(shape => ShapeRow(shape.Key, [.. shape]))
                .Append(ShapeRow("all", turns)));
        report.Paragraph($"Model calls published: {N(observation.ModelCalls)} ({N(observation.RedeliveredCharges)} delivered more than once to the observer's own queue). " +
            $"Messages in error/skipped queues: {N(observation.Parked.Count)}.");
        if (observation.Parked.Count > 0)
        {
            report.Table("Parked messages", ["queue", "message", "reason", "count"],
                observation.Parked.GroupBy(message => message).Select(group => (IReadOnlyList<string>)
                    [group.Key.Queue, group.Key.MessageType, group.Key.Reason?.ReplaceLineEndings(" ") ?? "**none**", N(group.Count())]));
        }

        AddViolations(report);
        return report;
    }

    private void AddViolations(ScenarioReport report)
    {
        if (observation.Violations.Count == 0)
        {
            report.Paragraph("**Invariant violations: none.**");
            return;
        }

        report.Table("Invariant violations", ["invariant", "count"],
            observation.Violations.GroupBy(violation => violation.Invariant).Select(group => (IReadOnlyList<string>)[group.Key, N(group.Count())]));
        foreach (var violation in observation.Violations.Take(ListedViolations))
        {
            var around = FaultsAround(violation.At).Select(fault => $"  - {fault}");
            report.Paragraph($"- **{violation.Invariant}** at {violation.At:HH:mm:ss.fff} (seed {options.Seed}): {violation.Detail.Replace("|", "\\|", StringComparison.Ordinal)}\n" +
                $"  faults from {Before.TotalSeconds:0} s before to {After.TotalSeconds:0} s after:\n{string.Join('\n', around)}");
        }
    }

    private IReadOnlyList<string> ShapeRow(string shape, IReadOnlyCollection<ChaosTurn> of)
    {
        var sent = of.Select(turn => turn.Transcript).ToHashSet();
        var outcomes = observation.Outcomes.Where(outcome => sent.Contains(outcome.Transcript)).ToList();
        return
        [
            shape, N(of.Count), N(of.Count(turn => turn.Transcript.Accepted)), N(outcomes.Count(outcome => outcome.Completed)),
            N(outcomes.Count(outcome => outcome.ErrorText is not null && !outcome.Stopped)), N(outcomes.Count(outcome => outcome.Stopped)),
            N(of.Sum(turn => turn.Transcript.Resumes)),
        ];
    }

    private IEnumerable<FaultRecord> FaultsAround(DateTimeOffset at) =>
        faults.Where(fault => fault.Ended >= at - Before && fault.Started <= at + After);

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is { } ms ? ms.ToString("N0", CultureInfo.InvariantCulture) : "–";
}
