namespace Copilot.Testing;

/// <summary>Waiting for a distributed system to settle: polls until a condition holds or time runs out.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <exception cref="TimeoutException">When <paramref name="condition"/> still does not hold after <paramref name="within"/>.</exception>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what = "the condition")
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {what} within {within.TotalSeconds:0.#} s.");
            }

            await Task.Delay(DefaultInterval);
        }
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, TimeSpan, string)"/>
    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string what = "the condition") =>
        TrueAsync(() => Task.FromResult(condition()), within, what);

    /// <summary>
    /// Reads until <paramref name="until"/> holds or <paramref name="within"/> passes, and returns the last value read
    /// either way: the caller's assertion on it then says what was seen instead of only that time ran out.
    /// </summary>
    /// <param name="every">The pause between reads; longer for reads that are expensive (the dashboard's telemetry).</param>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        var value = await read();
        while (!until(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(every ?? DefaultInterval);
            value = await read();
        }

        return value;
    }
}
