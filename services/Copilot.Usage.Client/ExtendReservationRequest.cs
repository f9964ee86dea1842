namespace Copilot.Usage.Client;

/// <summary>The body of the extend call: the turn's model calls since its last check.</summary>
public sealed record ExtendReservationRequest(IReadOnlyList<TurnCharge>? Charges)
{
    /// <summary>Far above a round's calls; bounds the script's key count.</summary>
    public const int MaxCharges = 100;
}
