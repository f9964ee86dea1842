using System.Globalization;
using Copilot.Bench.Measure;

namespace Copilot.Bench.Report;

public static partial class Tables
{
    /// <summary>CPU per turn and per text delta, per service, with the platform's sum and DCP's apart.</summary>
    public static void Cost(ScenarioReport report, string heading, CpuCost cost)
    {
        IReadOnlyList<string> Row(ServiceCpu service, string name) =>
        [
            name, service.Processes.ToString(CultureInfo.InvariantCulture), Number(service.CpuMs),
            Ms(service.MsPerTurn), Ms(service.UsPerDelta),
        ];

        string Label(ServiceCpu service) => service.Group switch
        {
            CpuGroup.Dcp => $"{service.Service} (not in the platform sum)",
            CpuGroup.Other => $"{service.Service} (for scale)",
            _ => service.Service,
        };

        var rows = cost.Services.Where(service => service.Group == CpuGroup.Platform).Select(service => Row(service, Label(service)))
            .Append(Row(cost.Platform, "**platform (sum of the above)**"))
            .Concat(cost.Services.Where(service => service.Group != CpuGroup.Platform).Select(service => Row(service, Label(service))))
            .Append(Row(cost.Dcp, "DCP (sum; development only)"));
        report.Table($"{heading}: {cost.Seconds:0} s window, {cost.Turns} turns completed, {cost.Deltas} text deltas delivered",
            ["service", "processes", "CPU ms", "CPU ms per turn", "CPU µs per text delta"], rows);
        report.Paragraph("CPU = user + system time from `/proc` over the window (10 ms ticks), replicas summed. The platform sum is " +
            "gateway, chat-api, executors, usage, billing, Redis, RabbitMQ and PostgreSQL; DCP (Aspire's orchestrator, whose " +
            "controllers run the proxies in front of chat-api and llm-sim) is listed apart because a deployment has none. " +
            "Per turn divides by the turns completed in the window, per delta by the text deltas delivered in it: each row " +
            "carries the whole cost of the service, so the per-turn and per-delta columns are two views of the same CPU, not parts of it. " +
            "The services' background work (timers, polling, health checks) falls in the window too, so few turns in a short " +
            "window (a low rate, a smoke run) read higher per turn than a long window at a high rate." +
            (cost.Turns == 0 ? " No turn completed in this window: there is no per-turn or per-delta figure." : ""));
    }
}
