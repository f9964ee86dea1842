using System.Globalization;
using Copilot.Bench.Measure;
using Copilot.Bench.Report;

namespace Copilot.Bench.Scenarios;

/// <summary>
/// One rate of the capacity scenario on one path, and whether the path sustained it: the verdict is the spec's kind
/// of criterion (latency and integrity), not throughput alone, since a platform can complete every turn and still
/// make each user wait seconds for the first token.
/// </summary>
public sealed record CapacityStep(double Rate, int Concurrency, PhaseResult Phase, UsageWindow Usage)
{
    /// <summary>Beyond this the first token's wait is no longer "a tax" but a visible stall (issue 16's threshold).</summary>
    public const double TtftTaxP99LimitMs = 100;

    public CpuCost Cost { get; } = CpuCost.Of(Usage, Phase.Succeeded, Phase.TextDeltas);

    /// <summary>Why the step was not sustained; null when it was.</summary>
    public string? FailedBecause { get; } = Verdict(Phase);

    public bool Sustained => FailedBecause is null;

    public CapacityStepSummary ToSummary(bool platform) => new(
        Rate, Concurrency, Math.Round(Phase.TurnsPerSecond, 2), Percentiles.Of(Phase.TtftTax), Percentiles.Of(Phase.InterChunkTax),
        Phase.Errors, Phase.Lost, Phase.Duplicated, Phase.Reordered, Phase.DelayedStarts,
        platform ? CpuCost.Round(Cost.Platform.MsPerTurn) : null, Sustained, FailedBecause);

    /// <remarks>
    /// A late start (an arrival that found the concurrency cap reached) also fails the step: the cap already allows
    /// 1.5 × the streams the rate needs, so reaching it means turns run that much slower than the simulator paces
    /// them, and the arrivals it holds back mean the offered rate was not actually served.
    /// </remarks>
    private static string? Verdict(PhaseResult phase)
    {
        var reasons = new List<string>();
        if (phase.Errors > 0)
        {
            reasons.Add($"{phase.Errors} errors");
        }

        if (phase.Lost + phase.Duplicated + phase.Reordered + phase.TextMismatches > 0)
        {
            reasons.Add($"lost/duplicated/reordered {phase.Lost}/{phase.Duplicated}/{phase.Reordered}, {phase.TextMismatches} wrong answers");
        }

        if (phase.TtftTax.Percentile(99) is { } p99 && p99 > TtftTaxP99LimitMs)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"TTFT tax p99 {Tables.Ms(p99)} ms > {TtftTaxP99LimitMs:0}"));
        }

        if (phase.DelayedStarts > 0)
        {
            reasons.Add($"{phase.DelayedStarts} arrivals waited for the concurrency cap");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }
}
