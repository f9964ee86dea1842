using System.Text.Json.Nodes;

namespace Copilot.LlmSim.Protocol;

/// <summary>OpenRouter's usage block; <see cref="Cost"/> is a node so the cost scenarios can omit it or send a string.</summary>
public sealed record Usage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    JsonNode? Cost,
    PromptTokensDetails PromptTokensDetails,
    CompletionTokensDetails CompletionTokensDetails);

public sealed record PromptTokensDetails(int CachedTokens);

public sealed record CompletionTokensDetails(int ReasoningTokens);
