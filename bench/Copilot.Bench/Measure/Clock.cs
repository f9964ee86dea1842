namespace Copilot.Bench.Measure;

/// <summary>
/// Unix microseconds of the machine's wall clock: the simulator stamps with the same clock, so a chunk's emit and
/// receive times subtract directly (no clock skew between processes on one machine).
/// </summary>
public static class Clock
{
    public static long NowMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
}
