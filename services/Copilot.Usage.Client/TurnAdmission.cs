using System.Text.Json.Serialization;

namespace Copilot.Usage.Client;

/// <summary>
/// Usage's verdict on a turn (or a running turn's next model round). Chat-api turns <see cref="Allowed"/> false into a
/// 429 carrying <see cref="Detail"/>; the executor stops the turn with it.
/// </summary>
/// <param name="Detail">Why not, in words meant for the user (the usage limit message with its reset time).</param>
/// <param name="Window"><c>daily</c> or <c>weekly</c> when refused.</param>
/// <param name="Reserved">Refused because running turns hold the rest of the window, not because it is spent.</param>
/// <param name="RemainingMicrodollars">
/// Only on an allowed model round: what the turn may spend before the user's tightest limit, which the executor caps
/// the round's output by; null when the user is not limited or usage did not answer (fail open).
/// </param>
public sealed record TurnAdmission(
    bool Allowed, string? Detail, DateTimeOffset? ResetsAt, string? Window = null, bool Reserved = false, long? RemainingMicrodollars = null)
{
    public static readonly TurnAdmission Allow = new(true, null, null);

    /// <summary>Derived for callers, never sent.</summary>
    [JsonIgnore]
    public string RefusalText => Detail ?? "Usage limit reached.";
}
