namespace Copilot.Chat.Data;

/// <summary>
/// A session's compacted history: <see cref="Summary"/> stands for every message up to and including
/// <see cref="CoversThroughSequence"/> (the watermark); the model is sent the summary plus the messages after it.
/// </summary>
public sealed class ContextSummary
{
    public Guid SessionId { get; set; }

    public int CoversThroughSequence { get; set; }

    public required string Summary { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
