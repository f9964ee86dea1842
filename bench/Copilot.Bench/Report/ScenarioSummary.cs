using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Copilot.Bench.Measure;

namespace Copilot.Bench.Report;

/// <summary>Two percentiles of a latency, in ms.</summary>
public sealed record Percentiles(double? P50, double? P99)
{
    public static Percentiles Of(Distribution distribution) =>
        new(CpuCost.Round(distribution.Percentile(50)), CpuCost.Round(distribution.Percentile(99)));
}

/// <summary>The "one turn at a time" phase: its taxes and how many turns warmed it up first.</summary>
public sealed record OneAtATimeSummary(int WarmUpTurns, int Turns, Percentiles TtftTaxMs, Percentiles InterChunkTaxMs);

/// <summary>One rate of the capacity scenario, on one path.</summary>
public sealed record CapacityStepSummary(
    double OfferedTurnsPerS, int Concurrency, double TurnsPerS, Percentiles TtftTaxMs, Percentiles InterChunkTaxMs,
    int Errors, int Lost, int Duplicated, int Reordered, int LateStarts, double? PlatformCpuMsPerTurn, bool Sustained, string? FailedBecause);

/// <summary>
/// The machine-readable twin of a scenario's Markdown report (<c>&lt;date&gt;-&lt;scenario&gt;.json</c> beside it), so runs
/// can be compared by a script. Fields a scenario does not measure are left out rather than written as null.
/// </summary>
public sealed record ScenarioSummary
{
    /// <summary>Every report's JSON: snake_case, nulls left out, indented.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // A file for people and scripts, never embedded in HTML: "p99 130 ms > 100" stays readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Scenario { get; init; } = "";

    public DateTimeOffset Date { get; init; }

    /// <summary>1, 5 and 15 minutes, read just before the scenario started: other work on the machine skews every number.</summary>
    public IReadOnlyList<double>? LoadAverageAtStart { get; init; }

    public double? PlatformCpuMsPerTurn { get; init; }

    /// <summary>DCP and its proxies, per turn; not in the platform's figure (a deployment has no DCP).</summary>
    public double? DcpCpuMsPerTurn { get; init; }

    public IReadOnlyDictionary<string, double?>? CpuPerDeltaUs { get; init; }

    public Percentiles? TtftTaxMs { get; init; }

    public Percentiles? InterChunkTaxMs { get; init; }

    public OneAtATimeSummary? OneAtATime { get; init; }

    public int? Turns { get; init; }

    public int? TextDeltas { get; init; }

    public int? Lost { get; init; }

    public int? Duplicated { get; init; }

    public int? Reordered { get; init; }

    public int? Errors { get; init; }

    /// <summary>Capacity: turns run on each path at the start rate and discarded before the first step.</summary>
    public int? WarmUpTurns { get; init; }

    /// <summary>Capacity: the highest offered rate of new turns the platform sustained (0 when even the first step failed).</summary>
    public double? MaxTurnsPerS { get; init; }

    /// <summary>Capacity: the same for the simulator called directly, on the same cores.</summary>
    public double? SimulatorMaxTurnsPerS { get; init; }

    public IReadOnlyList<CapacityStepSummary>? Steps { get; init; }

    public IReadOnlyList<CapacityStepSummary>? SimulatorSteps { get; init; }

    /// <summary>Latency, integrity and CPU cost of the phase the scenario's targets apply to.</summary>
    public static ScenarioSummary Of(PhaseResult phase, CpuCost cost) => new()
    {
        PlatformCpuMsPerTurn = CpuCost.Round(cost.Platform.MsPerTurn),
        DcpCpuMsPerTurn = CpuCost.Round(cost.Dcp.MsPerTurn),
        CpuPerDeltaUs = cost.UsPerDeltaByService(),
        TtftTaxMs = Percentiles.Of(phase.TtftTax),
        InterChunkTaxMs = Percentiles.Of(phase.InterChunkTax),
        Turns = phase.Succeeded,
        TextDeltas = phase.TextDeltas,
        Lost = phase.Lost,
        Duplicated = phase.Duplicated,
        Reordered = phase.Reordered,
        Errors = phase.Errors,
    };

    public static IReadOnlyList<double> ParseLoadAverage(string loadAverage) =>
        [.. loadAverage.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN)
            .Where(value => !double.IsNaN(value))];

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
