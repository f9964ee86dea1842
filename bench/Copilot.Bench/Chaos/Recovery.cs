using Copilot.Bench.Measure;
using Copilot.Testing.Faults;

namespace Copilot.Bench.Chaos;

/// <summary>
/// How long each kind of fault stopped turns from flowing: from the fault's start to the end of the first turn sent
/// after it that was answered normally. Overlapping faults share their recoveries, as users would experience them.
/// </summary>
public static class Recovery
{
    /// <returns>Per fault kind, the recoveries in ms and how many faults saw no later turn answered at all.</returns>
    public static IReadOnlyDictionary<FaultKind, (Distribution Ms, int Never)> PerKind(IReadOnlyList<FaultRecord> faults, IReadOnlyList<ChaosTurn> turns)
    {
        var answered = turns
            .Where(turn => turn.Transcript.End == TranscriptEnd.Finished && turn.Transcript.ErrorText is null
                && turn.Shape != TurnShapeKind.Stop && turn.Transcript.EndedAt is not null)
            .Select(turn => (turn.Transcript.SentAt, Ended: turn.Transcript.EndedAt!.Value))
            .OrderBy(turn => turn.SentAt)
            .ToList();
        return faults.GroupBy(fault => fault.Planned.Kind).ToDictionary(kind => kind.Key, kind =>
        {
            var recoveries = kind.Select(fault => answered.Where(turn => turn.SentAt >= fault.Started)
                    .Select(turn => (double?)(turn.Ended - fault.Started).TotalMilliseconds).Min())
                .ToList();
            return (new Distribution(recoveries.OfType<double>()), recoveries.Count(recovery => recovery is null));
        });
    }
}
