using System.ComponentModel.DataAnnotations;

namespace Copilot.Chat.Turns;

public sealed class TurnStoreOptions
{
    public const string SectionName = "Copilot:Streams";

    /// <summary>How long a finished turn's chunks stay replayable.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan CompletedTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Safety expiry while a turn runs, refreshed by every chunk: a turn nobody finishes cannot pin Redis memory forever.
    /// Longer than the longest legitimate silence (the stream-idle watchdog).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RunningTtl { get; set; } = TimeSpan.FromHours(6);
}
