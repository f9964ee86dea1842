namespace Copilot.Bench.Measure;

/// <summary>The turns of one measured phase (one path, one load shape) and the metrics derived from them.</summary>
/// <param name="delayedStarts">Arrivals that found the concurrency cap reached and started late.</param>
public sealed class PhaseResult(string name, IReadOnlyList<TurnRecord> turns, int maxInFlight = 0, int delayedStarts = 0)
{
    public string Name { get; } = name;

    public IReadOnlyList<TurnRecord> Turns { get; } = turns;

    public int MaxInFlight { get; } = maxInFlight;

    public int DelayedStarts { get; } = delayedStarts;

    public int Succeeded => Turns.Count(turn => turn.Succeeded);

    public int Errors => Turns.Count - Succeeded;

    public IEnumerable<string> ErrorSamples => Turns.Select(turn => turn.Error ?? (turn.Finished ? null : "stream ended before finish"))
        .OfType<string>().Distinct().Take(3);

    public int Lost => Turns.Sum(turn => turn.Lost);

    public int Duplicated => Turns.Sum(turn => turn.Duplicated);

    public int Reordered => Turns.Sum(turn => turn.Reordered);

    /// <summary>Text deltas delivered to the client (duplicates not counted): the unit of the per-delta CPU cost.</summary>
    public int TextDeltas => Turns.Sum(turn => turn.Deltas.Count);

    public int TextMismatches => Turns.Count(turn => turn.Finished && !turn.TextMatches);

    /// <summary>First request sent to last stream ended.</summary>
    public double WindowSeconds => Turns.Count == 0
        ? 0
        : (Turns.Max(turn => Math.Max(turn.EndUs, turn.SentUs)) - Turns.Min(turn => turn.SentUs)) / 1e6;

    public double TurnsPerSecond => WindowSeconds > 0 ? Succeeded / WindowSeconds : 0;

    public double ChunksPerSecond => WindowSeconds > 0 ? Turns.Sum(turn => turn.Events) / WindowSeconds : 0;

    /// <summary>Client time to first text minus the simulator's own time to first token, per turn.</summary>
    public Distribution TtftTax => Of(Turns
        .Where(turn => turn.Deltas is [{ Stamp.Sequence: 0 }, ..])
        .Select(turn => (turn.FirstTextUs - turn.SentUs) - (turn.Deltas[0].Stamp.EmittedUs - turn.Deltas[0].Stamp.ReceivedUs)));

    /// <summary>The client's time to first text, for scale.</summary>
    public Distribution Ttft => Of(Turns.Where(turn => turn.FirstTextUs > 0).Select(turn => turn.FirstTextUs - turn.SentUs));

    /// <summary>Simulator emit → client receive, every text delta.</summary>
    public Distribution InterChunkTax => Of(Turns.SelectMany(turn => turn.Deltas).Select(delta => delta.ClientUs - delta.Stamp.EmittedUs));

    public Distribution ToHeaders => Of(Turns.Where(turn => turn.HeadersUs > 0).Select(turn => turn.HeadersUs - turn.SentUs));

    /// <summary>Request sent → the executor's <c>start</c> chunk stored: chat-api's work, RabbitMQ, executor lease and claim.</summary>
    public Distribution ToStartStored => Of(Turns.Where(turn => turn.StartStoredAt is not null)
        .Select(turn => turn.StartStoredAt!.Value.MidpointUs - turn.SentUs));

    /// <summary><c>start</c> → <c>start-step</c>: the executor loading the turn's context.</summary>
    public Distribution StartToStep => Of(Turns.Where(turn => turn.StartStoredAt is not null && turn.StartStepStoredAt is not null)
        .Select(turn => turn.StartStepStoredAt!.Value.MidpointUs - turn.StartStoredAt!.Value.MidpointUs));

    /// <summary><c>start-step</c> → the simulator received the model request.</summary>
    public Distribution StepToModelRequest => Of(Turns.Where(turn => turn.StartStepStoredAt is not null && turn.Deltas.Count > 0)
        .Select(turn => turn.Deltas[0].Stamp.ReceivedUs - turn.StartStepStoredAt!.Value.MidpointUs));

    /// <summary>Simulator emit → Redis XADD of the delta: the executor's decode and publish script.</summary>
    public Distribution EmitToStored => Of(StoredDeltas.Select(delta => delta.StoredAt!.Value.MidpointUs - delta.Stamp.EmittedUs));

    /// <summary>Redis XADD → client: pub/sub to chat-api, SSE write, gateway, client.</summary>
    public Distribution StoredToClient => Of(StoredDeltas.Select(delta => delta.ClientUs - delta.StoredAt!.Value.MidpointUs));

    /// <summary>The same two hops for the first delta only (cold path of a turn).</summary>
    public Distribution FirstEmitToStored => Of(Turns.Where(turn => turn.Deltas is [{ StoredAt: not null }, ..])
        .Select(turn => turn.Deltas[0].StoredAt!.Value.MidpointUs - turn.Deltas[0].Stamp.EmittedUs));

    public Distribution FirstStoredToClient => Of(Turns.Where(turn => turn.Deltas is [{ StoredAt: not null }, ..])
        .Select(turn => turn.Deltas[0].ClientUs - turn.Deltas[0].StoredAt!.Value.MidpointUs));

    private IEnumerable<DeltaTiming> StoredDeltas => Turns.SelectMany(turn => turn.Deltas).Where(delta => delta.StoredAt is not null);

    private static Distribution Of(IEnumerable<long> microseconds) => new(microseconds.Select(us => us / 1000.0));
}
