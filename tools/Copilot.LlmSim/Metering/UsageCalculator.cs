using System.Text.Json.Nodes;
using Copilot.LlmSim.Protocol;
using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.Metering;

public static class UsageCalculator
{
    private const decimal TokensPerMillion = 1_000_000m;

    public static Usage Calculate(
        ChatCompletionRequest request, IReadOnlyList<SimEvent> events, CostMode costMode, LlmSimOptions options)
    {
        var promptTokens = PromptTokens(request);
        var reasoningTokens = TokenCounter.Count(string.Concat(events.OfType<ReasoningDelta>().Select(e => e.Text)));
        var fragments = events.OfType<ToolCallFragment>().ToList();

        // Counted over the joined output, not per delta: a word split across deltas is still one token.
        var completionTokens = reasoningTokens
            + TokenCounter.Count(string.Concat(events.OfType<TextDelta>().Select(e => e.Text)))
            + TokenCounter.Count(string.Join(" ", fragments.Select(f => f.Name).OfType<string>()))
            + TokenCounter.Count(string.Concat(fragments.Select(f => f.Arguments)));

        var cost = promptTokens * options.CostPerMillionPromptTokensUsd / TokensPerMillion
            + completionTokens * options.CostPerMillionCompletionTokensUsd / TokensPerMillion;

        return new Usage(
            promptTokens,
            completionTokens,
            promptTokens + completionTokens,
            costMode switch
            {
                CostMode.Missing => null,
                CostMode.NotANumber => JsonValue.Create("abc"),
                CostMode.Zero => JsonValue.Create(0m),
                _ => JsonValue.Create(cost),
            },
            new PromptTokensDetails(CachedTokens(request)),
            new CompletionTokensDetails(reasoningTokens));
    }

    private static int PromptTokens(ChatCompletionRequest request)
    {
        var messages = request.Messages ?? [];
        var tools = request.Tools ?? [];
        return messages.Sum(message => TokenCounter.Count(message.Text)
                + (message.ToolCalls ?? []).Sum(call => TokenCounter.Count(call.Function?.Name) + TokenCounter.Count(call.Function?.Arguments)))
            + tools.Sum(tool => TokenCounter.Count(tool.Function?.Name)
                + TokenCounter.Count(tool.Function?.Description)
                + TokenCounter.Count(tool.Function?.Parameters?.GetRawText()));
    }

    /// <summary>Blocks the client marked with <c>cache_control</c> count as read from the cache, as if a previous turn had written them.</summary>
    private static int CachedTokens(ChatCompletionRequest request) =>
        (request.Messages ?? [])
            .SelectMany(message => message.Content?.Blocks ?? [])
            .Where(block => block.IsText && block.CacheControl is not null)
            .Sum(block => TokenCounter.Count(block.Text));
}
