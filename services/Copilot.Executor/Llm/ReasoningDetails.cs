using System.Text.Json;
using System.Text.Json.Nodes;

namespace Copilot.Executor.Llm;

/// <summary>
/// The raw <c>reasoning_details</c> of one model call, reassembled from their streamed fragments so they can be sent
/// back unchanged on the assistant message that carries the call's tool calls. Anthropic refuses the next round of a
/// tool loop with extended thinking on unless that message brings its signed thinking blocks back.
/// </summary>
/// <remarks>
/// A streamed block arrives as several entries of the same <c>type</c> and <c>index</c>: text in pieces, the
/// signature last. They are merged by concatenating their strings; any other field keeps its first value. Entries
/// without an index merge only when both are <c>reasoning.text</c>, as OpenRouter's own client does; a new index or
/// type starts a new block, so the sequence keeps the provider's order.
/// </remarks>
public sealed class ReasoningDetails
{
    private static readonly string[] ConcatenatedFields = ["text", "summary", "data", "signature"];

    private readonly List<JsonObject> _blocks = [];

    public bool IsEmpty => _blocks.Count == 0;

    /// <summary>
    /// The entries of a delta's <c>reasoning_details</c> worth sending back: none when the value is not an array or
    /// any entry is malformed (the whole delta is then ignored, as <see cref="ReasoningText"/> ignores its text).
    /// </summary>
    public static IReadOnlyList<JsonElement> FromDelta(JsonElement delta)
    {
        if (delta.ValueKind != JsonValueKind.Object
            || !delta.TryGetProperty("reasoning_details", out var details)
            || details.ValueKind != JsonValueKind.Array
            || details.EnumerateArray().Any(entry => !IsWellFormed(entry)))
        {
            return [];
        }

        return [.. details.EnumerateArray().Select(entry => entry.Clone())];
    }

    public void Add(IEnumerable<JsonElement> fragments)
    {
        foreach (var fragment in fragments)
        {
            Add(fragment);
        }
    }

    public void Add(JsonElement fragment)
    {
        var entry = JsonNode.Parse(fragment.GetRawText())!.AsObject();
        if (_blocks.Count > 0 && Continues(_blocks[^1], entry))
        {
            Merge(_blocks[^1], entry);
        }
        else
        {
            _blocks.Add(entry);
        }
    }

    /// <summary>The blocks as a JSON array, or null when the call produced none.</summary>
    public string? ToJson() => IsEmpty ? null : new JsonArray([.. _blocks.Select(block => block.DeepClone())]).ToJsonString();

    private static bool Continues(JsonObject block, JsonObject fragment)
    {
        if (Text(block, "type") != Text(fragment, "type"))
        {
            return false;
        }

        var (blockIndex, fragmentIndex) = (Index(block), Index(fragment));
        return blockIndex is null && fragmentIndex is null
            ? Text(block, "type") == "reasoning.text"
            : blockIndex == fragmentIndex;
    }

    private static void Merge(JsonObject block, JsonObject fragment)
    {
        foreach (var (name, value) in fragment)
        {
            if (ConcatenatedFields.Contains(name) && value?.GetValueKind() == JsonValueKind.String)
            {
                block[name] = Text(block, name) + value.GetValue<string>();
            }
            else if (block[name] is null && value is not null)
            {
                block[name] = value.DeepClone();
            }
        }
    }

    private static bool IsWellFormed(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object
        && entry.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && ConcatenatedFields.All(name => !entry.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.String or JsonValueKind.Null);

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static long? Index(JsonObject node) =>
        node["index"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var index) ? index : null;
}
