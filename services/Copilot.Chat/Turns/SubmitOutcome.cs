using Copilot.Usage.Client;

namespace Copilot.Chat.Turns;

/// <summary>What <see cref="TurnSubmitter.SubmitAsync"/> did with a submission; the cases below are all there are.</summary>
public abstract record SubmitOutcome
{
    // Private, so the nested cases are the only ones: callers switch over them knowing there is no other.
    private SubmitOutcome(Guid sessionId) => SessionId = sessionId;

    public Guid SessionId { get; }

    /// <summary>A new turn was recorded and sent to the executors (or, when it could not be sent, ended at once).</summary>
    public sealed record Started(Guid SessionId, Guid TurnId) : SubmitOutcome(SessionId);

    /// <summary>
    /// No turn was started for this message, and the caller follows <paramref name="TurnId"/> — running, or finished and
    /// still kept for replay: the message repeats the stored one that started that turn (a client or proxy retry;
    /// nothing was stored), it was empty while that turn ran, or, with Redis degraded, another send recorded its turn
    /// first (the message is stored, and follows that turn). Null only for rows stored before turns had ids.
    /// </summary>
    public sealed record Attached(Guid SessionId, Guid? TurnId) : SubmitOutcome(SessionId);

    /// <summary>A turn is running: the message waits in the session's follow-up buffer, which now holds <paramref name="BufferLength"/>.</summary>
    public sealed record Queued(Guid SessionId, int BufferLength) : SubmitOutcome(SessionId);

    /// <summary>Usage refused the turn (<see cref="TurnAdmission.RefusalText"/> says why); nothing was stored or started.</summary>
    public sealed record Refused(Guid SessionId, TurnAdmission Verdict) : SubmitOutcome(SessionId);

    /// <summary>The user queued more than <see cref="FollowUps.FollowUpBuffer.CallLimit"/> messages this minute; this one was dropped.</summary>
    public sealed record Throttled(Guid SessionId) : SubmitOutcome(SessionId);

    /// <summary>The session was deleted while the message was being submitted; nothing was stored or started.</summary>
    public sealed record SessionGone(Guid SessionId) : SubmitOutcome(SessionId);

    /// <summary>Follow-ups only: none are queued, or a running turn will take them in.</summary>
    public sealed record NothingToRun(Guid SessionId) : SubmitOutcome(SessionId);
}
