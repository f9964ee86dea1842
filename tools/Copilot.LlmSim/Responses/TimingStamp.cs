using System.Globalization;

namespace Copilot.LlmSim.Responses;

/// <summary>
/// <c>[sim-ts:SEQ:RECEIVED:EMITTED]</c>, put in front of a text delta by <c>[sim:stamp]</c>: the delta's 0-based
/// index among the response's text deltas, when the request arrived and when this delta was written, both in Unix
/// microseconds of the machine's clock. A client on the same machine subtracts them from its own clock to split
/// latency into the simulator's share and everything in between, per chunk, without clock-sync error.
/// </summary>
public static class TimingStamp
{
    /// <summary>Not <c>[sim:</c>, so a stamp echoed back in a later prompt is never read as a marker.</summary>
    public const string Prefix = "[sim-ts:";

    public static string Format(int sequence, DateTimeOffset received, DateTimeOffset emitted) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{sequence}:{UnixMicroseconds(received)}:{UnixMicroseconds(emitted)}]");

    public static long UnixMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
