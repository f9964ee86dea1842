using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Copilot.LlmSim.Protocol;

namespace Copilot.LlmSim.Scenarios;

/// <summary>
/// Anthropic's extended-thinking rule as OpenRouter relays it: with thinking on, an assistant message that called
/// tools must come back with the signed thinking blocks it was produced with — <c>reasoning_details</c>, merged and
/// unchanged — or the next round of the tool loop is refused with a 400.
/// </summary>
/// <remarks>
/// The simulator is stateless, so it enforces the rule only where it knows it signed the reasoning: an
/// <c>anthropic/…</c> model, <c>reasoning.max_tokens &gt; 0</c>, and a plan with <see cref="ReasoningShape.Details"/>
/// reasoning — the same markers that plan this round planned every earlier round of the tool loop, i.e. the assistant
/// messages with tool calls after the last user message. Every other conversation is accepted as before.
/// </remarks>
public static class ThinkingBlocks
{
    public const string Format = "anthropic-claude-v1";
    private const string SignaturePrefix = "llmsim-sig-";

    /// <summary>Stands in for Anthropic's opaque signature: it verifies the exact text of the block.</summary>
    public static string Sign(string text) =>
        SignaturePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    /// <returns>Anthropic's error message for the first assistant message that breaks the rule, or null.</returns>
    public static string? Violation(ChatCompletionRequest request, ScenarioPlan plan)
    {
        if (request.Model?.StartsWith("anthropic/", StringComparison.OrdinalIgnoreCase) != true
            || !(request.Reasoning?.MaxTokens > 0)
            || plan.Reasoning != ReasoningShape.Details)
        {
            return null;
        }

        var messages = request.Messages ?? [];
        var lastUser = messages.ToList().FindLastIndex(message => message.Role == MessageRoles.User);
        for (var index = lastUser + 1; index < messages.Count; index++)
        {
            if (messages[index] is { Role: MessageRoles.Assistant, ToolCalls.Count: > 0 } assistant
                && BlockViolation(assistant.ReasoningDetails, index) is { } violation)
            {
                return violation;
            }
        }

        return null;
    }

    private static string? BlockViolation(JsonElement? details, int index)
    {
        var blocks = details is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(block => block.ValueKind == JsonValueKind.Object).ToList()
            : [];
        var thinking = blocks.Where(block => TypeOf(block) == "reasoning.text").ToList();
        if (thinking.Count == 0 && !blocks.Any(block => TypeOf(block) == "reasoning.encrypted"))
        {
            return $"messages.{index}.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is "
                + "enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and "
                + "`tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`.";
        }

        return thinking.All(block => String(block, "signature") is { } signature && signature == Sign(String(block, "text") ?? ""))
            ? null
            : $"messages.{index}.content.0: Invalid `signature` in `thinking` block";
    }

    private static string? TypeOf(JsonElement block) => String(block, "type");

    private static string? String(JsonElement block, string name) =>
        block.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
