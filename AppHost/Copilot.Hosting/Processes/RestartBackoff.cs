namespace Copilot.Hosting.Processes;

/// <summary>Delay before relaunching a process that exited unexpectedly: 1 s, 2 s, 4 s … capped at 30 s.</summary>
public static class RestartBackoff
{
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A process that stayed up this long is considered to have recovered, so its next crash starts the
    /// backoff from the beginning instead of waiting the maximum.
    /// </summary>
    public static readonly TimeSpan StableRunTime = TimeSpan.FromSeconds(60);

    public static TimeSpan ForAttempt(int consecutiveFailures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        var exponent = Math.Min(consecutiveFailures - 1, 5);
        var delay = TimeSpan.FromSeconds(1 << exponent);
        return delay < Maximum ? delay : Maximum;
    }
}
