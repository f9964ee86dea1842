namespace Copilot.Testing;

/// <summary>
/// The opposite wait to <see cref="Eventually"/>: that something does <em>not</em> happen. Nothing signals an event that
/// never comes, so the only evidence is an assertion that keeps holding for a while; it is checked throughout the
/// period, not once at its end, so a wrong change that comes and goes is caught too.
/// </summary>
public static class Consistently
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs <paramref name="assertion"/> now, every 100 ms and once more after <paramref name="during"/>; its first failure propagates.</summary>
    public static async Task HoldsAsync(Func<Task> assertion, TimeSpan during)
    {
        var end = DateTime.UtcNow + during;
        while (true)
        {
            await assertion();
            var left = end - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < Interval ? left : Interval);
        }
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task}, TimeSpan)"/>
    public static Task HoldsAsync(Action assertion, TimeSpan during) =>
        HoldsAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, during);
}
