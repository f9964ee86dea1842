using System.Globalization;
using Copilot.Bench.Measure;

namespace Copilot.Bench.Report;

/// <summary>The tables every scenario shares: latency taxes beside the spec's targets, the TTFT breakdown, processes.</summary>
public static partial class Tables
{
    /// <summary>
    /// One column per phase; the first phase is the platform the targets apply to, the others (chat-api without the
    /// gateway, the simulator called directly) are the same load on shorter paths, for comparison.
    /// </summary>
    public static void Latency(ScenarioReport report, string heading, IReadOnlyList<PhaseResult> phases)
    {
        var platform = phases[0];
        var rows = new List<IReadOnlyList<string>>();
        void Row(string metric, string target, Func<PhaseResult, string> value, Func<bool>? met = null) =>
            rows.Add([metric, target, met is null ? "" : met() ? "yes" : "**no**", .. phases.Select(value)]);

        Row("time to first text, p50 (client, for scale)", "", phase => Ms(phase.Ttft.Percentile(50)));
        Row("TTFT tax p50", "≤ 10 ms", phase => Ms(phase.TtftTax.Percentile(50)), () => platform.TtftTax.Percentile(50) <= 10);
        Row("TTFT tax p90", "", phase => Ms(phase.TtftTax.Percentile(90)));
        Row("TTFT tax p99", "≤ 30 ms", phase => Ms(phase.TtftTax.Percentile(99)), () => platform.TtftTax.Percentile(99) <= 30);
        Row("TTFT tax max", "", phase => Ms(phase.TtftTax.Max));
        Row("inter-chunk tax p50", "≤ 1 ms", phase => Ms(phase.InterChunkTax.Percentile(50)), () => platform.InterChunkTax.Percentile(50) <= 1);
        Row("inter-chunk tax p90", "", phase => Ms(phase.InterChunkTax.Percentile(90)));
        Row("inter-chunk tax p99", "≤ 3 ms", phase => Ms(phase.InterChunkTax.Percentile(99)), () => platform.InterChunkTax.Percentile(99) <= 3);
        Row("inter-chunk tax max", "", phase => Ms(phase.InterChunkTax.Max));
        Row("turns ok / errors", "0 errors", phase => $"{phase.Succeeded} / {phase.Errors}", () => platform.Errors == 0);
        Row("turns/s", "", phase => Number(phase.TurnsPerSecond));
        Row("chunks/s (SSE events)", "", phase => Number(phase.ChunksPerSecond));
        Row("text deltas measured", "", phase => phase.InterChunkTax.Count.ToString(CultureInfo.InvariantCulture));
        Row("lost / duplicated / reordered chunks", "0 / 0 / 0", phase => $"{phase.Lost} / {phase.Duplicated} / {phase.Reordered}",
            () => platform.Lost + platform.Duplicated + platform.Reordered == 0);
        Row("answers ≠ expected text", "0", phase => phase.TextMismatches.ToString(CultureInfo.InvariantCulture), () => platform.TextMismatches == 0);
        Row("max in flight / late starts", "", phase => $"{phase.MaxInFlight} / {phase.DelayedStarts}");
        report.Table(heading, ["metric", "target", "met", .. phases.Select(phase => phase.Name)], rows);

        var errors = phases.SelectMany(phase => phase.ErrorSamples.Select(error => $"{phase.Name}: {error}")).ToList();
        if (errors.Count > 0)
        {
            report.Paragraph("Errors (samples): " + string.Join("; ", errors.Select(error => $"`{error}`")));
        }
    }

    /// <summary>
    /// Where a turn's time goes before and after the simulator, from the client's clock, the simulator's stamps and the
    /// Redis entry ids (millisecond resolution, taken at the middle of their millisecond).
    /// </summary>
    public static void Breakdown(ScenarioReport report, PhaseResult phase)
    {
        IReadOnlyList<string> Row(string hop, Distribution distribution) =>
            [hop, Ms(distribution.Mean), Ms(distribution.Percentile(50)), Ms(distribution.Percentile(99))];

        report.Table($"Where the time goes ({phase.Name})", ["hop", "mean", "p50", "p99"],
        [
            Row("POST sent → response headers (gateway, auth, session, admission, append, turn record, RabbitMQ publish)", phase.ToHeaders),
            Row("POST sent → executor's `start` chunk in Redis (… + RabbitMQ delivery, lease, claim)", phase.ToStartStored),
            Row("`start` → `start-step` in Redis (context load)", phase.StartToStep),
            Row("`start-step` → simulator received the model request", phase.StepToModelRequest),
            Row("first delta: simulator emit → Redis XADD (executor read, decode, publish script)", phase.FirstEmitToStored),
            Row("first delta: Redis XADD → client (pub/sub, chat-api SSE, gateway)", phase.FirstStoredToClient),
            Row("every delta: simulator emit → Redis XADD", phase.EmitToStored),
            Row("every delta: Redis XADD → client", phase.StoredToClient),
        ]);
    }

    public static void Processes(ScenarioReport report, string heading, UsageWindow window)
    {
        var rows = window.Processes
            .Select(process => (IReadOnlyList<string>)[process.Name, process.Pid.ToString(CultureInfo.InvariantCulture),
                Number(process.CpuPercent), Number(process.MemoryMib), Number(process.PeakMemoryMib)])
            .Append(["whole machine (all processes, other work included)", "", Number(window.MachineBusyPercent), "", ""]);
        report.Table($"{heading} ({window.Seconds:0} s window; CPU 100 % = one core)",
            ["process", "pid", "CPU %", "memory MiB (end)", "memory MiB (peak)"], rows);
        var lateness = window.WakeUpLateness;
        report.Paragraph("Memory is the RSS of the process; for rabbitmq and postgres, the PSS summed over the process tree " +
            "(PostgreSQL's backends share its buffers). Every process listed is the platform's own, found under its DCP instance; " +
            "dcp-controllers also runs DCP's proxies, which the gateway → chat-api and executor → llm-sim hops cross. " +
            $"Machine noise in this window: load average {window.LoadAverage} at its end; a thread sleeping 2 ms woke up late by " +
            $"p50 {Ms(lateness.Percentile(50))} ms, p99 {Ms(lateness.Percentile(99))} ms, max {Ms(lateness.Max)} ms — " +
            "every process hop of a turn pays such a wake-up.");
    }

    public static string Ms(double? milliseconds) => milliseconds switch
    {
        null => "—",
        var value when Math.Abs(value.Value) >= 100 => value.Value.ToString("0", CultureInfo.InvariantCulture),
        var value when Math.Abs(value.Value) >= 10 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        var value => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
}
