using System.Globalization;

namespace Copilot.Bench.Measure;

/// <summary>
/// A Redis stream entry id, <c>MS-SEQ</c>: MS is the Redis server's clock when the entry was added, so the SSE ids
/// double as a timestamp of the Redis hop (millisecond resolution) on the same machine's clock.
/// </summary>
public readonly record struct RedisId(long Milliseconds, long Sequence) : IComparable<RedisId>
{
    /// <summary>The middle of the id's millisecond, the unbiased estimate of when the entry was added.</summary>
    public long MidpointUs => Milliseconds * 1000 + 500;

    public static bool TryParse(string? text, out RedisId id)
    {
        id = default;
        var dash = text?.IndexOf('-') ?? -1;
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        id = new RedisId(milliseconds, sequence);
        return true;
    }

    public int CompareTo(RedisId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);
}
