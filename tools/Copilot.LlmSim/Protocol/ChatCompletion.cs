using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Copilot.LlmSim.Protocol;

/// <summary>The whole answer of a <c>stream: false</c> request.</summary>
public sealed record ChatCompletion(
    string Id,
    string Object,
    long Created,
    string Model,
    string Provider,
    IReadOnlyList<CompletionChoice> Choices,
    Usage Usage);

public sealed record CompletionChoice(
    int Index,
    CompletionMessage Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NativeFinishReason);

public sealed record CompletionMessage
{
    public string Role { get; init; } = MessageRoles.Assistant;

    /// <summary>Null, not empty, on a tool-call-only answer, as OpenAI sends it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Content { get; init; }

    public string? Reasoning { get; init; }

    public string? ReasoningContent { get; init; }

    public JsonArray? ReasoningDetails { get; init; }

    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }
}
