using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Contracts;

namespace Copilot.Chat.Turns;

/// <summary>What the worker that ran a turn knows of it: its answer, tool calls, tokens, cost and running time.</summary>
public sealed record TurnReport(string ResponseText, IReadOnlyList<ToolCallSummary> ToolCalls, TokenUsage Usage, long CostMicrodollars, TimeSpan Duration);

/// <summary>
/// How a turn ends, for <see cref="TurnEnder.EndAsync"/>: what its stream, its history and its
/// <see cref="CopilotTurnCompleted"/> say. There is one factory per way a turn ends; the worker that ran the turn adds
/// what only it knows (<see cref="Owner"/>, <see cref="Report"/>, <see cref="FollowUps"/>).
/// </summary>
public sealed record TurnEnding
{
    private TurnEnding(TurnOutcome outcome, string? error) => (Outcome, Error) = (outcome, error);

    public TurnOutcome Outcome { get; }

    /// <summary>The error <see cref="CopilotTurnCompleted"/> carries.</summary>
    public string? Error { get; }

    /// <summary>The error chunk written before the stream's finish chunk; none when null.</summary>
    public string? StreamError { get; private init; }

    /// <summary>The assistant row the history keeps of the end (an error card, the stop marker); none when null.</summary>
    public string? Notice { get; private init; }

    /// <summary>
    /// The notice is stored before the end instead of after winning it: the client re-reads the history as soon as the
    /// stream finishes, and a Stop is ended by the one worker that owns the turn.
    /// </summary>
    public bool NoticeFirst { get; private init; }

    /// <summary>Set by the worker that ran the turn: the end succeeds only while that worker still owns it.</summary>
    public string? Owner { get; init; }

    /// <summary>Set by the worker that ran the turn; without it the answer and cost are unknown and reported as none.</summary>
    public TurnReport? Report { get; init; }

    /// <summary>Set by whoever knows the turn's settings: the session's queued follow-ups then get a turn of their own.</summary>
    public FollowUpSubmission? FollowUps { get; init; }

    public static TurnEnding Completed() => new(TurnOutcome.Completed, null);

    /// <summary>A failure the user is told about: an error chunk on the stream and an error card in the history.</summary>
    public static TurnEnding Failed(string error) =>
        new(TurnOutcome.Failed, error) { StreamError = error, Notice = ChatMarkers.Error(error) };

    /// <summary>The user's Stop, honoured by the worker: no error shown, only the stop marker.</summary>
    public static TurnEnding StoppedByUser() =>
        new(TurnOutcome.Cancelled, "Stopped by user") { Notice = ChatMarkers.StoppedByUser, NoticeFirst = true };

    /// <summary>
    /// The worker found its writes fenced off: someone else ended the turn, or took it over, and announces it. With the
    /// worker's <see cref="Owner"/> the end is refused just as its writes were; only the follow-ups are left to answer.
    /// </summary>
    public static TurnEnding EndedElsewhere() => new(TurnOutcome.Cancelled, "Turn ended elsewhere.");

    /// <summary>A Stop no worker honoured in time, ended by chat-api itself.</summary>
    public static TurnEnding ForcedStop(string reason) =>
        new(TurnOutcome.Cancelled, reason) { StreamError = reason, Notice = ChatMarkers.StoppedByUser };

    /// <summary>The session is being deleted: its history goes with it, so no notice.</summary>
    public static TurnEnding SessionDeleted(string reason) => new(TurnOutcome.Cancelled, reason) { StreamError = reason };

    /// <summary>A turn recorded but never sent to an executor.</summary>
    public static TurnEnding NotSent(string reason) => new(TurnOutcome.Failed, reason) { StreamError = reason };

    /// <summary>
    /// The announcement of the end. Without a report the cost is 0, which usage does not fold into the user's per-turn
    /// estimate; the calls the turn made were charged one by one anyway.
    /// </summary>
    public CopilotTurnCompleted Announcement(TurnMeta turn, DateTimeOffset now)
    {
        var report = Report ?? new TurnReport("", [], TokenUsage.None, 0, now - turn.StartedAt);
        return new CopilotTurnCompleted(turn.SessionId, turn.TurnId, turn.UserId, Outcome, report.ResponseText, report.ToolCalls,
            report.Usage, report.CostMicrodollars, report.Duration, Error);
    }
}
