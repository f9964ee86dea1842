namespace Copilot.Chat.Streaming;

/// <summary>A Redis stream entry id (<c>ms-seq</c>), ordered the way Redis orders them.</summary>
public readonly record struct StreamEntryId(long Milliseconds, long Sequence) : IComparable<StreamEntryId>
{
    public static readonly StreamEntryId Zero = new(0, 0);

    public static bool TryParse(string? value, out StreamEntryId id)
    {
        id = Zero;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var dash = value.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(value.AsSpan(0, dash), out var ms)
            || !long.TryParse(value.AsSpan(dash + 1), out var seq)
            || ms < 0 || seq < 0)
        {
            return false;
        }

        id = new StreamEntryId(ms, seq);
        return true;
    }

    public int CompareTo(StreamEntryId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator >(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) > 0;

    public static bool operator <(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) < 0;

    public static bool operator >=(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) >= 0;

    public static bool operator <=(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) <= 0;

    public override string ToString() => $"{Milliseconds}-{Sequence}";
}

/// <summary>A chunk as stored: its stream entry id (the SSE <c>id:</c>) and its JSON.</summary>
public readonly record struct StreamEntry(StreamEntryId Id, string Json);
