namespace Copilot.Usage.Client;

/// <summary>
/// Cost admission for every turn, whoever starts it: before a turn is created (<see cref="AdmitAsync"/>) and before each
/// further model round of a running turn (<see cref="ExtendAsync"/>). Implementations fail open when usage cannot answer.
/// </summary>
public interface ITurnAdmission
{
    /// <summary>Admits the turn about to start and reserves its estimated cost, or says why not.</summary>
    Task<TurnAdmission> AdmitAsync(string userId, Guid turnId, CancellationToken cancellationToken);

    /// <summary>
    /// May the running turn make another model call, and how much may it spend? <paramref name="charges"/> are its
    /// calls since the last check, so usage decides on the turn's real spend rather than on whatever the bus has
    /// delivered so far.
    /// </summary>
    Task<TurnAdmission> ExtendAsync(string userId, Guid turnId, IReadOnlyList<TurnCharge> charges, CancellationToken cancellationToken);

    /// <summary>
    /// Frees the reservation of an admitted turn that has ended or never started; whether usage confirmed it (best
    /// effort: a reservation also lapses on its own).
    /// </summary>
    Task<bool> ReleaseAsync(string userId, Guid turnId);
}
