using System.Globalization;
using System.Text.Json;
using Copilot.Contracts;

namespace Copilot.Executor.Llm;

/// <summary>Turns one OpenRouter <c>chat.completion.chunk</c> into <see cref="LlmStreamEvent"/>s.</summary>
public static class ChunkDecoder
{
    public static IReadOnlyList<LlmStreamEvent> Decode(JsonElement chunk, out bool malformedReasoning)
    {
        malformedReasoning = false;
        var events = new List<LlmStreamEvent>(2);

        if (chunk.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            events.Add(new LlmProviderError(message ?? "The model provider reported an error."));
            return events;
        }

        if (chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                DecodeChoice(choice, events, ref malformedReasoning);
            }
        }

        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            events.Add(DecodeUsage(usage));
        }

        return events;
    }

    private static void DecodeChoice(JsonElement choice, List<LlmStreamEvent> events, ref bool malformedReasoning)
    {
        if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
        {
            var reasoning = ReasoningText.FromDelta(delta, out var malformed);
            malformedReasoning |= malformed;
            if (reasoning.Length > 0)
            {
                events.Add(new LlmReasoningDelta(reasoning));
            }

            // Kept apart from the visible text: a signature-only fragment shows nothing yet must go back to the model.
            if (ReasoningDetails.FromDelta(delta) is { Count: > 0 } details)
            {
                events.Add(new LlmReasoningDetails(details));
            }

            if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                && content.GetString() is { Length: > 0 } text)
            {
                events.Add(new LlmTextDelta(text));
            }

            if (delta.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in toolCalls.EnumerateArray())
                {
                    events.Add(DecodeToolCall(call));
                }
            }
        }

        if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
        {
            events.Add(new LlmFinished(finish.GetString()));
        }
    }

    private static LlmToolCallDelta DecodeToolCall(JsonElement call)
    {
        var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var parsed) ? parsed : 0;
        string? name = null, arguments = null;
        if (call.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            name = String(function, "name");
            arguments = String(function, "arguments");
        }

        return new LlmToolCallDelta(index, String(call, "id"), name, arguments);
    }

    private static LlmUsage DecodeUsage(JsonElement usage)
    {
        var tokens = new TokenUsage(
            Int(usage, "prompt_tokens"),
            Int(usage, "completion_tokens"),
            usage.TryGetProperty("prompt_tokens_details", out var prompt) ? Int(prompt, "cached_tokens") : 0,
            usage.TryGetProperty("prompt_tokens_details", out var promptDetails) ? Int(promptDetails, "cache_write_tokens") : 0);
        return new LlmUsage(tokens, Cost(usage));
    }

    /// <summary>Only a positive number counts; a missing, non-numeric or zero cost is "unknown", never estimated.</summary>
    private static decimal? Cost(JsonElement usage)
    {
        if (!usage.TryGetProperty("cost", out var cost))
        {
            return null;
        }

        decimal value;
        if (cost.ValueKind == JsonValueKind.Number && cost.TryGetDecimal(out var number))
        {
            value = number;
        }
        else if (cost.ValueKind == JsonValueKind.String
                 && decimal.TryParse(cost.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
        }
        else
        {
            return null;
        }

        return value > 0 ? value : null;
    }

    private static int Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt32(out var parsed)
            ? parsed
            : 0;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
