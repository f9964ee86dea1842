using System.ComponentModel.DataAnnotations;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>The bubblewrap sandbox behind <c>bash_exec</c> (section <c>Executor:Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Executor:Sandbox";

    /// <summary>False switches <c>bash_exec</c> off: it then answers that no sandbox is available.</summary>
    public bool Enabled { get; set; } = true;

    [Required]
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>
    /// Host folder holding one writable workspace per user and session. Executors on one host share it, so a
    /// session's files survive its turns moving between them.
    /// </summary>
    [Required]
    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "copilot-sandbox");

    /// <summary>Captured stdout and stderr are each cut after this many bytes (the rest is drained and counted).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>A session's folder unused this long is removed by the sweep (a deleted session's goes at once).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan IdleRetention { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Size of the sandbox's private /tmp, which lives in memory.</summary>
    [Range(1, 16 * 1024)]
    public int TmpSizeMegabytes { get; set; } = 256;
}
