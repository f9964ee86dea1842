using System.Collections.Concurrent;
using Copilot.Testing;

namespace Copilot.Testing.Faults;

public enum TranscriptEnd
{
    /// <summary>Still reading.</summary>
    Open,

    /// <summary>Not accepted (no 200 or 202); nothing is owed for it.</summary>
    Rejected,

    /// <summary>Accepted with 202: queued as a follow-up of the running turn.</summary>
    Queued,

    /// <summary>The turn's own <c>finish</c> chunk (one with an id) arrived.</summary>
    Finished,

    /// <summary>A resume was answered 204: the turn had ended before the client got back.</summary>
    EndedBeforeResume,

    /// <summary>The client ran out of patience while resuming.</summary>
    GaveUp,
}

/// <summary>
/// One message as its sender saw it: whether it was accepted, every event with an id it received across
/// reconnects (in arrival order), and notes on what went wrong on the way — for the invariants and for diagnosis.
/// </summary>
public sealed class TurnTranscript(Guid sessionId, string message)
{
    private readonly ConcurrentQueue<SseEvent> _events = new();
    private readonly ConcurrentQueue<string> _notes = new();
    private int _textDeltas;

    public Guid SessionId { get; } = sessionId;

    public string Message { get; } = message;

    public int? Status { get; set; }

    /// <summary>When the message was created (just before it was sent).</summary>
    public DateTimeOffset SentAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>When its sender stopped reading (the turn's end, a rejection, or giving up).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public TranscriptEnd End { get; set; }

    public bool Accepted => End is not TranscriptEnd.Rejected;

    /// <summary>How many times the client re-attached with <c>GET …/stream</c>.</summary>
    public int Resumes { get; set; }

    /// <summary>Events that carry a Redis stream entry id: the turn's chunks as the client got them.</summary>
    public IReadOnlyList<SseEvent> Events => [.. _events];

    public IReadOnlyList<string> Notes => [.. _notes];

    public int TextDeltas => Volatile.Read(ref _textDeltas);

    public string? LastEventId => _events.LastOrDefault()?.Id;

    /// <summary>The turn id announced by the stream's <c>start</c> chunk, when the client saw it.</summary>
    public Guid? StreamedTurnId => _events.FirstOrDefault(e => e.Type == "start") is { } start
        && Guid.TryParse(start.Json.GetProperty("messageId").GetString(), out var id) ? id : null;

    public string Text => string.Concat(_events.Where(e => e.Type == "text-delta").Select(e => e.Json.GetProperty("delta").GetString()));

    public string? ErrorText => _events.FirstOrDefault(e => e.Type == "error")?.Json.GetProperty("errorText").GetString();

    public void Add(SseEvent sse)
    {
        _events.Enqueue(sse);
        if (sse.Type == "text-delta")
        {
            Interlocked.Increment(ref _textDeltas);
        }
    }

    public void Note(string note) => _notes.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {note}");

    public override string ToString() =>
        $"'{Message}' (session {SessionId}, {End}, status {Status}, {_events.Count} events, {Resumes} resumes; notes: {string.Join(" | ", _notes)})";
}
