namespace Copilot.Chat.Turns;

/// <summary>A turn that ended before usage was told: what releasing its reservation needs.</summary>
public sealed record UnannouncedTurnEnd(Guid TurnId, string UserId)
{
    public string ToMember() => $"{TurnId:D} {UserId}";

    public static UnannouncedTurnEnd? TryParse(string member) =>
        member.Split(' ', 2) is [var turn, { Length: > 0 } user] && Guid.TryParse(turn, out var turnId) ? new UnannouncedTurnEnd(turnId, user) : null;
}
