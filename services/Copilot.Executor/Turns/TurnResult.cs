using Copilot.Contracts;

namespace Copilot.Executor.Turns;

/// <summary>How a turn ended, as reported in <see cref="CopilotTurnCompleted"/>.</summary>
/// <param name="EndedHere">This worker won the end-of-turn compare-and-set, so it (and nobody else) announces the end.</param>
public sealed record TurnResult(
    TurnOutcome Outcome,
    string ResponseText,
    IReadOnlyList<ToolCallSummary> ToolCalls,
    TokenUsage Usage,
    long CostMicrodollars,
    string? Error,
    bool EndedHere);
