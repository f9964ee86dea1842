using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.Contracts;

/// <summary>
/// Request (internal services → chat-api): run <paramref name="Message"/> as a user turn in a session of
/// <paramref name="UserId"/> (a new session when <paramref name="SessionId"/> is null) and answer with
/// <see cref="SessionTurnFinished"/> once the turn ends or <paramref name="TimeoutSeconds"/> pass.
/// </summary>
/// <param name="Mode">A <see cref="TurnModes"/> value; null for the deployment's default.</param>
public sealed record RunSessionTurn(
    Guid? SessionId,
    string UserId,
    string Message,
    int TimeoutSeconds,
    CopilotPermissions? Permissions,
    string Origin,
    string? Mode = null);

/// <summary>How a queued turn stood when its caller stopped waiting (or why it was refused).</summary>
public sealed record SessionTurnFinished(Guid? SessionId, SessionOutcome Outcome, SessionResult Result, string? Error = null);

/// <summary>
/// <c>Completed</c>/<c>Failed</c>: the turn ended. <c>Running</c>: still running when the wait ran out.
/// <c>Queued</c>: the session was busy, so the message went to its follow-up buffer for the running turn.
/// <c>Rejected</c>: nothing was started (unknown session, invalid request).
/// </summary>
public enum SessionOutcome
{
    Completed,
    Failed,
    Running,
    Queued,
    Rejected,
}

/// <summary>What a caller observed of a turn: its text, tool calls and token usage so far.</summary>
public sealed record SessionResult(
    string ResponseText,
    IReadOnlyList<ToolCallEntry> ToolCalls,
    TokenUsage Usage,
    bool Queued,
    // The wire name predates the word follow-up; kept so services of different versions still read each other.
    [property: JsonPropertyName("pendingBufferLength")] int FollowUpBufferLength)
{
    public static readonly SessionResult Empty = new("", [], TokenUsage.None, Queued: false, FollowUpBufferLength: 0);
}

/// <summary>One tool call of a turn as the caller sees it; <see cref="Success"/> is null until its output arrived.</summary>
public sealed record ToolCallEntry(string ToolCallId, string ToolName, JsonElement? Input, JsonElement? Output, bool? Success);
