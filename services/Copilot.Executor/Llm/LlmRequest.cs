using System.Text.Json.Nodes;

namespace Copilot.Executor.Llm;

/// <summary>One message of the model's context, in OpenAI chat form.</summary>
/// <param name="ReasoningDetailsJson">
/// The raw reasoning of an assistant message produced in the current turn (see <see cref="ReasoningDetails"/>); sent
/// back only while reasoning is requested. Messages loaded from the history never have it.
/// </param>
public sealed record LlmMessage(
    string Role, string? Content, string? ToolCallsJson = null, string? ToolCallId = null, string? Name = null, string? ReasoningDetailsJson = null);

/// <summary>A model call: which model, the context, and the tools it may call.</summary>
/// <param name="MaxTokens">The most output tokens (reasoning included) the call may produce; null leaves it to the provider.</param>
public sealed record LlmRequest(
    string Model, IReadOnlyList<LlmMessage> Messages, JsonArray? Tools, int MaxThinkingTokens, string PromptCacheTtl, int? MaxTokens = null);

/// <summary>Builds the OpenRouter request body: OpenAI's shape plus the <c>usage</c>, <c>reasoning</c> and cache extensions.</summary>
public static class ChatCompletionBody
{
    /// <summary>Anthropic routes are named <c>anthropic/…</c> on OpenRouter; bare Claude model names occur with direct providers.</summary>
    public static bool IsAnthropicModel(string model) =>
        model.StartsWith("anthropic/", StringComparison.OrdinalIgnoreCase) || model.Contains("claude", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reasoning is requested only where it is supported and the operator has not switched it off (budget ≤ 0).</summary>
    public static JsonObject? ReasoningExtension(string model, int maxThinkingTokens) =>
        IsAnthropicModel(model) && maxThinkingTokens > 0
            ? new JsonObject { ["max_tokens"] = maxThinkingTokens }
            : null;

    public static JsonObject Build(LlmRequest request)
    {
        var anthropic = IsAnthropicModel(request.Model);
        var reasoning = ReasoningExtension(request.Model, request.MaxThinkingTokens);
        var messages = new JsonArray();
        foreach (var message in request.Messages)
        {
            var json = ToJson(message, cacheSystemPrompt: anthropic, request.PromptCacheTtl);
            if (reasoning is not null && message.ReasoningDetailsJson is not null)
            {
                // Unchanged, as OpenRouter asks: the provider checks the signatures of the thinking blocks.
                json["reasoning_details"] = JsonNode.Parse(message.ReasoningDetailsJson);
            }

            messages.Add(json);
        }

        var body = new JsonObject
        {
            ["model"] = request.Model,
            ["messages"] = messages,
            ["stream"] = true,
            // OpenRouter reports the real USD cost in the final chunk only when asked to.
            ["usage"] = new JsonObject { ["include"] = true },
        };
        if (request.MaxTokens is { } maxTokens)
        {
            body["max_tokens"] = maxTokens;
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            body["tools"] = tools.DeepClone();
        }

        if (reasoning is not null)
        {
            body["reasoning"] = reasoning;
        }

        return body;
    }

    /// <summary>Marks the last tool schema for Anthropic prompt caching, so the whole tool block is cached.</summary>
    public static JsonArray WithCachedTools(JsonArray tools, string ttl)
    {
        var marked = (JsonArray)tools.DeepClone();
        if (marked.Count > 0 && marked[^1] is JsonObject last)
        {
            last["cache_control"] = CacheControl(ttl);
        }

        return marked;
    }

    private static JsonObject ToJson(LlmMessage message, bool cacheSystemPrompt, string ttl)
    {
        var json = new JsonObject { ["role"] = message.Role };
        if (message.Role == "system" && cacheSystemPrompt)
        {
            // The cache marker only exists on content blocks, so the system prompt switches to block form.
            json["content"] = new JsonArray(new JsonObject
            {
                ["type"] = "text",
                ["text"] = message.Content ?? "",
                ["cache_control"] = CacheControl(ttl),
            });
        }
        else
        {
            json["content"] = message.Content;
        }

        if (message.ToolCallsJson is not null)
        {
            json["tool_calls"] = JsonNode.Parse(message.ToolCallsJson);
        }

        if (message.ToolCallId is not null)
        {
            json["tool_call_id"] = message.ToolCallId;
        }

        if (message.Name is not null && message.Role == "tool")
        {
            json["name"] = message.Name;
        }

        return json;
    }

    private static JsonObject CacheControl(string ttl) => new() { ["type"] = "ephemeral", ["ttl"] = ttl };
}
