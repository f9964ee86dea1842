using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Copilot.Chat.Data;
using Copilot.Contracts;
using Copilot.Executor.Llm;

namespace Copilot.Executor.Turns;

/// <summary>A tool call the model made, assembled from its streamed fragments.</summary>
public sealed class PendingToolCall(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public StringBuilder Arguments { get; } = new();

    /// <summary>The arguments as JSON; invalid JSON (a truncated or confused model) yields null.</summary>
    public JsonElement? ParsedArguments()
    {
        var text = Arguments.Length == 0 ? "{}" : Arguments.ToString();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// What one model call produced: text, tool calls, usage, and the raw reasoning to send back with the tool calls
/// (the visible reasoning is stored as it streams, see <see cref="ReasoningRowWriter"/>).
/// </summary>
internal sealed class ModelRound(Guid turnId)
{
    private readonly StringBuilder _text = new();
    private readonly SortedDictionary<int, PendingToolCall> _toolCalls = [];

    public TokenUsage Usage { get; set; } = TokenUsage.None;

    public decimal? CostUsd { get; set; }

    /// <summary>The provider's <c>finish_reason</c>, e.g. <see cref="LlmFinished.Length"/>.</summary>
    public string? FinishReason { get; set; }

    public string Text => _text.ToString();

    public ReasoningDetails ReasoningDetails { get; } = new();

    public IReadOnlyList<PendingToolCall> ToolCalls => [.. _toolCalls.Values];

    public void AppendText(string delta) => _text.Append(delta);

    /// <summary>Adds a fragment to the call at <paramref name="index"/>; <c>Started</c> tells whether it began a new call.</summary>
    public (PendingToolCall Call, bool Started) AddToolCallFragment(int index, string? id, string? name, string? argumentsDelta)
    {
        var started = false;
        if (!_toolCalls.TryGetValue(index, out var call))
        {
            call = new PendingToolCall(id ?? $"call_{turnId:N}_{index}", name ?? "unknown");
            _toolCalls[index] = call;
            started = true;
        }

        call.Arguments.Append(argumentsDelta);
        return (call, started);
    }

    /// <summary>The assistant row of this round (text and/or tool calls), or null if the model produced neither.</summary>
    public ChatMessage? AssistantRow()
    {
        if (_text.Length == 0 && _toolCalls.Count == 0)
        {
            return null;
        }

        return new ChatMessage { Role = ChatRoles.Assistant, Content = _text.Length > 0 ? _text.ToString() : null, ToolCalls = ToolCallsJson(), TurnId = turnId };
    }

    /// <summary>OpenAI's <c>tool_calls</c> array for this round, or null when there were none.</summary>
    public string? ToolCallsJson() => _toolCalls.Count == 0
        ? null
        : new JsonArray([.. _toolCalls.Values.Select(call => (JsonNode)new JsonObject
        {
            ["id"] = call.Id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments.Length == 0 ? "{}" : call.Arguments.ToString() },
        })]).ToJsonString();
}
