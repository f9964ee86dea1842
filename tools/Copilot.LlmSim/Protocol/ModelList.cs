namespace Copilot.LlmSim.Protocol;

public sealed record ModelList(string Object, IReadOnlyList<ModelInfo> Data);

/// <summary>OpenRouter quotes prices per token as decimal strings.</summary>
public sealed record ModelInfo(string Id, string Object, long Created, string OwnedBy, string Name, ModelPricing Pricing);

public sealed record ModelPricing(string Prompt, string Completion);
