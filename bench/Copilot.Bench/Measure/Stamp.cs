using System.Globalization;
using System.Text.RegularExpressions;

namespace Copilot.Bench.Measure;

/// <summary>The simulator's <c>[sim-ts:SEQ:RECEIVED:EMITTED]</c> prefix of a text delta (<c>[sim:stamp]</c>).</summary>
public readonly partial record struct Stamp(int Sequence, long ReceivedUs, long EmittedUs)
{
    /// <summary>Splits a delta into its stamp and the model's own text; false when the delta carries no stamp.</summary>
    public static bool TryParse(string delta, out Stamp stamp, out string text)
    {
        var match = Pattern().Match(delta);
        if (!match.Success)
        {
            (stamp, text) = (default, delta);
            return false;
        }

        stamp = new Stamp(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            long.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
            long.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture));
        text = delta[match.Length..];
        return true;
    }

    [GeneratedRegex(@"^\[sim-ts:(\d+):(\d+):(\d+)\]")]
    private static partial Regex Pattern();
}
