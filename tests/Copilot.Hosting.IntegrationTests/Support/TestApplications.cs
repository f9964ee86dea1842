namespace Copilot.Hosting.IntegrationTests.Support;

/// <summary>Orchestrators for tests: no fixed ports, a private run folder, quick stops, quiet console.</summary>
internal static class TestApplications
{
    public static IDistributedApplicationBuilder CreateBuilder(Action<DistributedApplicationOptions>? configure = null)
    {
        var options = new DistributedApplicationOptions
        {
            RepositoryRoot = Path.GetTempPath(),
            RunDirectory = Path.Combine(Path.GetTempPath(), "copilot-hosting-tests", Guid.NewGuid().ToString("N")),
            DashboardPort = null,
            HealthTimeout = TimeSpan.FromSeconds(60),
            ProjectStopGracePeriod = TimeSpan.FromSeconds(2),
            Output = TextWriter.Null,
        };
        configure?.Invoke(options);
        return DistributedApplication.CreateBuilder(options);
    }
}

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> on timeout.</summary>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
