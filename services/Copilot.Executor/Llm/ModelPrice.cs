namespace Copilot.Executor.Llm;

/// <summary>A model's list price. USD per million tokens is also microdollars per token, the unit usage counts in.</summary>
public sealed record ModelPrice(decimal InputUsdPerMillionTokens, decimal OutputUsdPerMillionTokens);
