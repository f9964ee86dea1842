using System.ComponentModel.DataAnnotations;

namespace Copilot.Executor.Turns;

public sealed class ExecutorOptions
{
    public const string SectionName = "Executor";

    /// <summary>Turns one process runs at once. Turns wait on the model and tools, not the CPU, so this can be high.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentTurns { get; set; } = 32;

    /// <summary>The session lock's lease: a dead worker's lock lapses after this long, so another can take over.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan LockLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a turn waits for its session lock before failing. A redelivered turn finds its dead worker's lock
    /// until that lease lapses — at most a lease after the redelivery, since the worker died before the broker noticed —
    /// so the wait covers a whole lease plus a margin for polling and Redis latency.
    /// </summary>
    public TimeSpan LockWaitWindow => LockLease + TimeSpan.FromSeconds(5);

    /// <summary>Model calls per turn at most; a model that keeps calling tools is stopped here.</summary>
    [Range(1, 200)]
    public int MaxModelRounds { get; set; } = 25;

    /// <summary>A running turn silent this long is ended by the watchdog: twice the longest tool call (300 s).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(600);

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a turn's end may leave its notice unstored or usage untold before the sweep does it: past the publish
    /// deadline (30 s) and the direct release that follows it, and past a notice's insert riding out a short database
    /// outage, so a live worker still trying is left to finish.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UnsettledEndGrace { get; set; } = TimeSpan.FromSeconds(75);

    /// <summary>The system prompt file (see <c>Prompts/system-prompt.md</c>); the bundled one when null.</summary>
    public string? SystemPromptFile { get; set; }
}
