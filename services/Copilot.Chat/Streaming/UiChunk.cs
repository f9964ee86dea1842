using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.Chat.Streaming;

/// <summary>
/// One chunk of the Vercel AI SDK v5 "UI message stream" protocol. The JSON form is what is stored in the turn's
/// Redis stream and sent to browsers verbatim, so replay needs no reconstruction step and cannot drop a chunk type.
/// <see cref="Type"/> is always serialized first; readers rely on that to recognise the terminal chunk cheaply.
/// </summary>
public abstract record UiChunk(string Type)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = Type;

    public string ToJson() => JsonSerializer.Serialize<object>(this, UiChunkJson.Options);
}

public sealed record StartChunk(string? MessageId) : UiChunk("start");

public sealed record StartStepChunk() : UiChunk("start-step");

public sealed record FinishStepChunk() : UiChunk("finish-step");

public sealed record TextStartChunk(string Id) : UiChunk("text-start");

public sealed record TextDeltaChunk(string Id, string Delta) : UiChunk("text-delta");

public sealed record TextEndChunk(string Id) : UiChunk("text-end");

public sealed record ReasoningStartChunk(string Id) : UiChunk("reasoning-start");

public sealed record ReasoningDeltaChunk(string Id, string Delta) : UiChunk("reasoning-delta");

public sealed record ReasoningEndChunk(string Id) : UiChunk("reasoning-end");

public sealed record ToolInputStartChunk(string ToolCallId, string ToolName) : UiChunk("tool-input-start");

public sealed record ToolInputDeltaChunk(string ToolCallId, string InputTextDelta) : UiChunk("tool-input-delta");

public sealed record ToolInputAvailableChunk(string ToolCallId, string ToolName, JsonElement Input) : UiChunk("tool-input-available");

public sealed record ToolOutputAvailableChunk(string ToolCallId, JsonElement Output) : UiChunk("tool-output-available");

public sealed record ToolOutputErrorChunk(string ToolCallId, string ErrorText) : UiChunk("tool-output-error");

public sealed record ErrorChunk(string ErrorText) : UiChunk("error");

public sealed record FinishChunk() : UiChunk("finish");

/// <summary>A <c>data-*</c> part for UI-only information (drained follow-ups, usage, sub-session links).</summary>
public sealed record DataChunk(
    [property: JsonIgnore] string Name,
    JsonElement Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Transient = false) : UiChunk($"data-{Name}");

public static class UiChunkJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const string FinishPrefix = "{\"type\":\"finish\"";

    /// <summary>True for the terminal chunk of a turn (and not for <c>finish-step</c>).</summary>
    public static bool IsFinish(string json) => json.StartsWith(FinishPrefix, StringComparison.Ordinal);
}
