namespace Copilot.Bench.Chaos;

/// <summary>The chaos scenario's knobs; the defaults make a run of a few minutes.</summary>
public sealed record ChaosOptions
{
    public int Faults { get; init; } = 20;

    /// <summary>Drawn from the clock when not given, and always printed and reported, so any run can be replayed.</summary>
    public int Seed { get; init; } = Environment.TickCount & int.MaxValue;

    /// <summary>Mean gap between two faults' starts.</summary>
    public TimeSpan MeanGap { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Users chatting at once.</summary>
    public int Workers { get; init; } = 8;

    /// <summary>Faults not injected by then are dropped (and the report says so): the run stays bounded in time.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);
}
