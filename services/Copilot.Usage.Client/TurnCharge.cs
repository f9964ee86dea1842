namespace Copilot.Usage.Client;

/// <summary>One model call of a turn: the id and cost it was reported with in <c>LlmUsageRecorded</c>.</summary>
public sealed record TurnCharge(Guid UsageId, long CostMicrodollars);
