using Copilot.Executor.Tools;

namespace Copilot.Executor.Tools.SubSessions;

/// <summary>The shared wait rules of the two sub-session tools.</summary>
public static class SubSessionWaits
{
    public const int DefaultWaitSeconds = 60;

    /// <summary>The seed's MAX_TOOL_WAIT_SECONDS: a tool never blocks the parent's stream longer.</summary>
    public static readonly int MaxWaitSeconds = (int)ToolRunner.MaxToolWait.TotalSeconds;

    /// <summary>
    /// Leaves the tool time to answer before the runner's own cap fires, so a full-length wait still reports
    /// "running" with the child's id instead of a bare timeout.
    /// </summary>
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(5);

    public static int Clamp(int requestedSeconds) => Math.Clamp(requestedSeconds, 0, MaxWaitSeconds);

    public static TimeSpan Budget(int clampedSeconds) =>
        TimeSpan.FromSeconds(Math.Min(clampedSeconds, (ToolRunner.MaxToolWait - AnswerMargin).TotalSeconds));
}
