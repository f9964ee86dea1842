namespace Copilot.FaultInjection.Tests.Support;

internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "{0} within {1}", what, within);
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
