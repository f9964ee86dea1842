namespace Copilot.Contracts;

/// <summary>
/// One LLM call's real provider cost. <see cref="UsageId"/> is unique per call so the usage service counts it once
/// even when the message is redelivered.
/// </summary>
public sealed record LlmUsageRecorded(
    Guid UsageId,
    string UserId,
    Guid SessionId,
    Guid TurnId,
    string Model,
    TokenUsage Tokens,
    long CostMicrodollars,
    DateTimeOffset RecordedAt);
