using Copilot.Chat.Data;
using Copilot.Contracts;
using Copilot.Usage.Client;

namespace Copilot.Chat.Turns;

/// <summary>What a caller hands <see cref="TurnSubmitter"/>: a message for a session, or the follow-ups a finished turn left queued.</summary>
public abstract record TurnSubmission
{
    // Only the two kinds below: the submitter handles each of them.
    private protected TurnSubmission(Guid sessionId, string userId, string origin) => (SessionId, UserId, Origin) = (sessionId, userId, origin);

    public Guid SessionId { get; }

    public string UserId { get; }

    public string Origin { get; }
}

/// <summary>
/// A user's message for a session whose ownership the caller checked: from the chat stream route, a sub-session tool
/// or an internal service.
/// </summary>
/// <param name="Text">As the user wrote it; the stored message also carries the attachment block of <see cref="FileIds"/>.</param>
public sealed record MessageSubmission(ChatSession Session, string Text, string Origin)
    : TurnSubmission(Session.Id, Session.UserId, Origin)
{
    /// <summary>Workspace files as the client named them; only the user's live files are kept.</summary>
    public IReadOnlyList<string>? FileIds { get; init; }

    public IReadOnlyDictionary<string, string>? Context { get; init; }

    public string ModelTier { get; init; } = ModelTiers.Standard;

    public string? Mode { get; init; }

    public CopilotPermissions? Permissions { get; init; }

    /// <summary>When the request reached the platform; the submission's own time when not set.</summary>
    public DateTimeOffset? ArrivedAt { get; init; }

    /// <summary>
    /// A person's sends may queue only <see cref="FollowUps.FollowUpBuffer.CallLimit"/> times a minute; the platform's own
    /// callers (sub-sessions, internal services) are not limited.
    /// </summary>
    public bool LimitQueueing { get; init; }
}

/// <summary>
/// The follow-ups queued during <paramref name="Finished"/> that no tool boundary delivered, answered by a turn of their
/// own with the finished turn's settings (model tier, mode, permissions).
/// </summary>
/// <param name="UnconfirmedCharges">The finished turn's calls usage has not been shown yet (its last round's).</param>
public sealed record FollowUpSubmission(RunCopilotTurn Finished, IReadOnlyList<TurnCharge> UnconfirmedCharges)
    : TurnSubmission(Finished.SessionId, Finished.UserId, TurnOrigins.FollowUp);
