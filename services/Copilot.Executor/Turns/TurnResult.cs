using Copilot.Contracts;

namespace Copilot.Executor.Turns;

/// <summary>How a turn ended, as reported in <see cref="CopilotTurnCompleted"/>.</summary>
public sealed record TurnResult(
    TurnOutcome Outcome,
    string ResponseText,
    IReadOnlyList<ToolCallSummary> ToolCalls,
    TokenUsage Usage,
    long CostMicrodollars,
    string? Error);
