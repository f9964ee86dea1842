using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Orchestration;

/// <summary>
/// Echoes process output to the orchestrator's console, prefixed with the replica's name. Only lines that look
/// like warnings or errors (and their indented continuation, e.g. a stack trace) are echoed unless verbose, so the
/// terminal stays readable; everything remains in the dashboard's log view.
/// </summary>
internal sealed class ConsoleEcho(TextWriter output, bool verbose)
{
    private static readonly string[] NoteworthyMarkers =
        ["warn", "fail", "crit:", "critical", "error", "fatal", "panic", "exception", "unhandled"];

    public Action<LogEntry> For(string instanceName)
    {
        var continuing = false;
        return entry =>
        {
            var noteworthy = verbose
                || entry.Stream == LogStream.System
                || NoteworthyMarkers.Any(marker => entry.Text.Contains(marker, StringComparison.OrdinalIgnoreCase))
                || (continuing && entry.Text.StartsWith(' '));
            continuing = noteworthy;
            if (noteworthy)
            {
                output.WriteLine($"[{instanceName}] {entry.Text}");
            }
        };
    }
}
