namespace Copilot.Executor.IntegrationTests;

internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within {0}", within);
            await Task.Delay(100);
        }
    }
}
