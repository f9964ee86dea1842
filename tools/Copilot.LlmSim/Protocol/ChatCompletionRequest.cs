using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.LlmSim.Protocol;

/// <summary>The parts of an OpenAI chat-completions request the simulator reads; every other field is ignored.</summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    public IReadOnlyList<ToolDefinition>? Tools { get; init; }

    public bool Stream { get; init; }

    /// <summary>The most completion tokens (reasoning, text and tool calls together) the answer may have.</summary>
    public int? MaxTokens { get; init; }

    public ReasoningRequest? Reasoning { get; init; }
}

public sealed record ChatMessage
{
    public string? Role { get; init; }

    [JsonConverter(typeof(MessageContentConverter))]
    public MessageContent? Content { get; init; }

    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }

    public string? ToolCallId { get; init; }

    public string? Name { get; init; }

    /// <summary>What an OpenRouter client sends back of the reasoning an assistant message was produced with.</summary>
    public JsonElement? ReasoningDetails { get; init; }

    public string Text => Content?.Text ?? "";
}

public sealed record ToolCall(string? Id, string? Type, FunctionCall? Function);

public sealed record FunctionCall(string? Name, string? Arguments);

public sealed record ToolDefinition(string? Type, FunctionDefinition? Function);

public sealed record FunctionDefinition(string? Name, string? Description, JsonElement? Parameters);

public sealed record ReasoningRequest(int? MaxTokens);

public static class MessageRoles
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";
}
