namespace Copilot.Testing;

/// <summary>Waiting for a distributed system to settle, polled every 100 ms.</summary>
public static class Eventually
{
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

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
