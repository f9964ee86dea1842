namespace Copilot.Chat.FollowUps;

/// <summary>
/// What a turn claimed of its session's follow-ups: the newly queued ones, and those an earlier claim by
/// <see cref="UnconfirmedBy"/> never confirmed stored — its worker died or lost Redis in between, so some of them may
/// already be rows of that turn.
/// </summary>
public sealed record FollowUpClaim(IReadOnlyList<FollowUp> Queued, IReadOnlyList<FollowUp> Unconfirmed, Guid? UnconfirmedBy)
{
    public bool IsEmpty => Queued.Count == 0 && Unconfirmed.Count == 0;
}
