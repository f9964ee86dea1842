namespace Copilot.Bench.Client;

/// <summary>HTTP clients for load: one connection per concurrent stream, no proxy, no cookies, no overall timeout.</summary>
internal static class Http
{
    public static HttpClient Create(Uri baseAddress) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        MaxConnectionsPerServer = int.MaxValue,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // Idle scenario connections sit silent between heartbeats; never recycle a pooled one under a test.
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
