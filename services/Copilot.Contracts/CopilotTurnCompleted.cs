namespace Copilot.Contracts;

public enum TurnOutcome
{
    Completed,
    Failed,
    Cancelled,
}

/// <summary>A turn ended (exactly once per turn).</summary>
public sealed record CopilotTurnCompleted(
    Guid SessionId,
    Guid TurnId,
    string UserId,
    TurnOutcome Outcome,
    string ResponseText,
    IReadOnlyList<ToolCallSummary> ToolCalls,
    TokenUsage Usage,
    long CostMicrodollars,
    TimeSpan Duration,
    string? Error);

public sealed record ToolCallSummary(string ToolCallId, string ToolName, string Arguments, bool Succeeded);

public sealed record TokenUsage(int PromptTokens, int CompletionTokens, int CacheReadTokens, int CacheWriteTokens)
{
    public static readonly TokenUsage None = new(0, 0, 0, 0);

    public TokenUsage Add(TokenUsage other) => new(
        PromptTokens + other.PromptTokens,
        CompletionTokens + other.CompletionTokens,
        CacheReadTokens + other.CacheReadTokens,
        CacheWriteTokens + other.CacheWriteTokens);
}
