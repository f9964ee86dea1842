namespace Copilot.Chat.Data;

/// <summary>One row of a session's history. <see cref="Sequence"/> is dense and per-session, starting at 0.</summary>
public sealed class ChatMessage
{
    public long Id { get; set; }

    public Guid SessionId { get; set; }

    public int Sequence { get; set; }

    /// <summary>See <see cref="ChatRoles"/>.</summary>
    public required string Role { get; set; }

    public string? Content { get; set; }

    /// <summary>JSON array of OpenAI-style tool calls on an assistant row.</summary>
    public string? ToolCalls { get; set; }

    /// <summary>On a tool row: the call it answers.</summary>
    public string? ToolCallId { get; set; }

    /// <summary>On a tool row: the tool's name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// On a tool row: the tool failed and <see cref="Content"/> is its error. The model reads it like any result; the
    /// flag is for clients, which show the step as failed after a reload as they did live.
    /// </summary>
    public bool IsError { get; set; }

    public Guid? TurnId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class ChatRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
    public const string System = "system";

    /// <summary>Model reasoning shown to users but never sent back to the model.</summary>
    public const string Reasoning = "reasoning";
}
