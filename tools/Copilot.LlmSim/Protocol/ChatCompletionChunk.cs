using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Copilot.LlmSim.Protocol;

/// <summary>One <c>data:</c> event of an OpenRouter stream.</summary>
public sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    string Provider,
    StreamError? Error,
    IReadOnlyList<ChunkChoice> Choices,
    Usage? Usage);

public sealed record ChunkChoice(
    int Index,
    ChunkDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NativeFinishReason);

public sealed record ChunkDelta
{
    public string? Role { get; init; }

    public string? Content { get; init; }

    public string? Reasoning { get; init; }

    public string? ReasoningContent { get; init; }

    /// <summary>A node rather than a typed list so malformed entries can be sent exactly as a misbehaving provider would.</summary>
    public JsonNode? ReasoningDetails { get; init; }

    public IReadOnlyList<ToolCallDelta>? ToolCalls { get; init; }
}

public sealed record ToolCallDelta(int Index, string? Id, string? Type, FunctionCall Function);

/// <summary>OpenRouter's mid-stream error: the HTTP status is already 200, so the failure travels inside a chunk.</summary>
public sealed record StreamError(int Code, string Message);
