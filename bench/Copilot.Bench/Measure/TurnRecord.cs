using System.Text;
using System.Text.Json;
using Copilot.Bench.Client;

namespace Copilot.Bench.Measure;

/// <summary>A text delta as the client saw it: the simulator's stamp, when it arrived, and when Redis stored it.</summary>
public readonly record struct DeltaTiming(Stamp Stamp, long ClientUs, RedisId? StoredAt);

/// <summary>
/// Everything one client observed of one turn, over one or more connections (a resume continues the same record),
/// and the integrity checks: entry ids strictly increase, every stamped delta arrives once and in order, and the text
/// without stamps is the expected answer.
/// </summary>
public sealed class TurnRecord(ExpectedAnswer expected)
{
    private readonly StringBuilder _text = new();
    private readonly HashSet<RedisId> _ids = [];
    private readonly HashSet<int> _sequences = [];
    private RedisId? _lastId;
    private int _lastSequence = -1;

    public long SentUs { get; set; }

    public long HeadersUs { get; set; }

    public long FirstTextUs { get; private set; }

    public long EndUs { get; private set; }

    /// <summary>The platform's <c>finish</c> chunk, or the simulator's <c>[DONE]</c>, arrived.</summary>
    public bool Finished { get; private set; }

    public string? Error { get; set; }

    public int Events { get; private set; }

    public List<DeltaTiming> Deltas { get; } = [];

    /// <summary>The last entry id received: what a reconnecting client sends as <c>Last-Event-ID</c>.</summary>
    public string? LastEventId { get; private set; }

    public RedisId? StartStoredAt { get; private set; }

    public RedisId? StartStepStoredAt { get; private set; }

    public int Duplicated { get; private set; }

    public int Reordered { get; private set; }

    /// <summary>Stamped deltas that never arrived; meaningful once the turn finished.</summary>
    public int Lost => Finished ? expected.Deltas - _sequences.Count : 0;

    /// <summary>The answer so far, stamps removed.</summary>
    public string Text => _text.ToString();

    public bool TextMatches => Text == expected.Text;

    public bool Succeeded => Finished && Error is null;

    /// <summary>Feeds one event of the platform's UI message stream; returns false after the end of the turn.</summary>
    public bool OnPlatformEvent(ReceivedEvent received)
    {
        Events++;
        if (received.IsDone)
        {
            EndUs = received.ReceivedUs;
            return false;
        }

        var storedAt = RedisId.TryParse(received.Id, out var id) ? id : (RedisId?)null;
        var duplicate = storedAt is { } entry && !CheckOrder(entry);
        if (storedAt is { } stored)
        {
            LastEventId = received.Id;
            _lastId = _lastId is { } last && last.CompareTo(stored) > 0 ? last : stored;
        }

        using var json = JsonDocument.Parse(received.Data);
        var root = json.RootElement;
        switch (root.GetProperty("type").GetString())
        {
            case "start":
                StartStoredAt ??= storedAt;
                break;
            case "start-step":
                StartStepStoredAt ??= storedAt;
                break;
            case "text-delta" when !duplicate:
                OnDelta(root.GetProperty("delta").GetString() ?? "", received.ReceivedUs, storedAt);
                break;
            case "error":
                Error ??= root.TryGetProperty("errorText", out var text) ? text.GetString() : "error chunk";
                break;
            case "finish":
                Finished = true;
                break;
        }

        return true;
    }

    /// <summary>Feeds one event of the simulator's OpenAI-style stream (the direct baseline).</summary>
    public bool OnSimulatorEvent(ReceivedEvent received)
    {
        Events++;
        if (received.IsDone)
        {
            EndUs = received.ReceivedUs;
            Finished = true;
            return false;
        }

        using var json = JsonDocument.Parse(received.Data);
        if (json.RootElement.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
            && choices[0].GetProperty("delta").TryGetProperty("content", out var content)
            && content.GetString() is { Length: > 0 } delta)
        {
            OnDelta(delta, received.ReceivedUs, null);
        }

        return true;
    }

    private void OnDelta(string delta, long clientUs, RedisId? storedAt)
    {
        if (!Stamp.TryParse(delta, out var stamp, out var text))
        {
            Error ??= "text delta without a simulator stamp";
            return;
        }

        if (!_sequences.Add(stamp.Sequence))
        {
            Duplicated++;
            return;
        }

        if (stamp.Sequence < _lastSequence)
        {
            Reordered++;
        }

        _lastSequence = Math.Max(_lastSequence, stamp.Sequence);
        if (FirstTextUs == 0)
        {
            FirstTextUs = clientUs;
        }

        _text.Append(text);
        Deltas.Add(new DeltaTiming(stamp, clientUs, storedAt));
    }

    /// <returns>False for an id seen before (a duplicate chunk); an id below the newest one counts as reordered.</returns>
    private bool CheckOrder(RedisId id)
    {
        if (!_ids.Add(id))
        {
            Duplicated++;
            return false;
        }

        if (_lastId is { } last && id.CompareTo(last) < 0)
        {
            Reordered++;
        }

        return true;
    }
}

/// <summary>The answer every turn of a shape must produce, taken from the simulator itself in the same run.</summary>
public sealed record ExpectedAnswer(string Text, int Deltas);
