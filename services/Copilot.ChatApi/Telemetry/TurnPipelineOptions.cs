using System.ComponentModel.DataAnnotations;
using Copilot.Messaging;

namespace Copilot.ChatApi.Telemetry;

/// <summary>Configuration section <c>TurnPipelineMetrics</c>: how chat-api samples the platform-wide turn state.</summary>
public sealed class TurnPipelineOptions
{
    public const string SectionName = "TurnPipelineMetrics";

    /// <summary>The turn queues: executors consume the first, chat-api the second.</summary>
    public static readonly IReadOnlyList<string> DefaultQueues = [QueueNames.RunCopilotTurn, QueueNames.RunSessionTurn];

    /// <summary>Every replica samples the same global state; a large deployment may leave it to a few of them.</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bounds one sample's Redis work on a busy system; the running count itself is always exact.</summary>
    [Range(1, 100_000)]
    public int MaxSampledTurns { get; set; } = 2000;

    /// <summary>
    /// Queues whose depth and consumers are reported; none configured means <see cref="DefaultQueues"/> (applied after
    /// binding, because the configuration binder adds to a list's initial items instead of replacing them).
    /// </summary>
    public List<string> Queues { get; set; } = [];
}
