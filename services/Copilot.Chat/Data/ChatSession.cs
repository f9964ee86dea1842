namespace Copilot.Chat.Data;

public sealed class ChatSession
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public string? Title { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Free-form JSON object (e.g. <c>dry_run</c>, parent session of a sub-session).</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>Prompt tokens of every model call the session's turns made (cache reads included), as providers report them.</summary>
    public long TotalPromptTokens { get; set; }

    public long TotalCompletionTokens { get; set; }

    public List<ChatMessage> Messages { get; set; } = [];
}
