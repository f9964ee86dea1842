namespace Copilot.AppHost.Tests;

internal static class Eventually
{
    /// <summary>Reads until <paramref name="condition"/> holds; returns the last value read either way, for the assertion.</summary>
    public static async Task<T> Async<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var value = await read();
        while (!condition(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            value = await read();
        }

        return value;
    }
}
