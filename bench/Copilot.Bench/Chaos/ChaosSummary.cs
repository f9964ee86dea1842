using System.Text.Json;
using Copilot.Bench.Report;

namespace Copilot.Bench.Chaos;

/// <summary>A violation in the JSON report, with the faults injected around it.</summary>
public sealed record ViolationSummary(string Invariant, DateTimeOffset At, string Detail, IReadOnlyList<string> FaultsAround);

/// <summary>The machine-readable twin of the chaos report (<c>&lt;date&gt;-chaos-&lt;seed&gt;.json</c>), snake_case like the others.</summary>
public sealed record ChaosSummary
{
    /// <summary>The other reports' settings; fault kinds as keys in snake_case too.</summary>
    private static readonly JsonSerializerOptions Json = new(ScenarioSummary.Json) { DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Scenario { get; init; } = "chaos";

    public DateTimeOffset Date { get; init; }

    public int Seed { get; init; }

    public IReadOnlyList<double>? LoadAverageAtStart { get; init; }

    public double DurationS { get; init; }

    public int FaultsPlanned { get; init; }

    public int FaultsInjected { get; init; }

    /// <summary>Faults whose injection itself failed (e.g. a service or server that did not come back in time).</summary>
    public int FaultsFailed { get; init; }

    public IReadOnlyDictionary<string, int> FaultsByKind { get; init; } = new Dictionary<string, int>();

    public int TurnsAccepted { get; init; }

    public int TurnsCompleted { get; init; }

    public int TurnsFailed { get; init; }

    public int TurnsStopped { get; init; }

    public int TurnsRejected { get; init; }

    public int Resumes { get; init; }

    public int ModelCalls { get; init; }

    public int RedeliveredCharges { get; init; }

    public int ParkedMessages { get; init; }

    /// <summary>Per fault kind, from the fault's start to the end of the first turn sent after it that was answered.</summary>
    public IReadOnlyDictionary<string, Percentiles> RecoveryMs { get; init; } = new Dictionary<string, Percentiles>();

    public int InvariantViolations { get; init; }

    public IReadOnlyList<ViolationSummary> Violations { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
