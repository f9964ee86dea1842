using Copilot.Contracts;

namespace Copilot.Chat.Turns;

/// <summary>What the end of a turn still owes besides its terminal chunks.</summary>
public enum TurnEndDuty
{
    /// <summary>The history's row for how it ended (an error card, a stop marker).</summary>
    Notice,

    /// <summary>Telling usage, which releases the turn's reservation.</summary>
    Announcement,

    /// <summary>Starting the turn that answers the follow-ups queued during it.</summary>
    Continuation,
}

/// <summary>
/// An ended turn with duties still open: <see cref="Notice"/> when its history row is not stored yet, <see cref="UserId"/>
/// when usage has not been told, <see cref="Continuation"/> (the ended turn's settings) when the turn for its queued
/// follow-ups has not been submitted. Recorded by the script that ends the turn, so a worker that dies (or loses PostgreSQL,
/// the broker and usage) right after winning the end leaves them to the executors' sweep instead of losing them.
/// </summary>
public sealed record UnsettledTurnEnd(Guid TurnId, Guid SessionId, string? Notice, string? UserId, RunCopilotTurn? Continuation)
{
    /// <summary>How long the record of an end is kept: far past any sweep, so only a lost cause lapses.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(7);
}
