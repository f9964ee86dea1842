using System.Net.Sockets;
using System.Text;

namespace Copilot.Hosting.Health;

/// <summary>Sends a RESP <c>PING</c> and expects <c>+PONG</c>; speaking the protocol directly keeps the orchestrator client-free.</summary>
public sealed class RedisPingProbe(string host, int port) : IHealthProbe
{
    private static readonly byte[] Ping = "*1\r\n$4\r\nPING\r\n"u8.ToArray();

    /// <summary>Reads host and port from a StackExchange.Redis style string such as <c>127.0.0.1:6379,password=…</c>.</summary>
    public static RedisPingProbe FromConnectionString(string connectionString)
    {
        var endpoint = connectionString.Split(',')[0].Trim();
        var separator = endpoint.LastIndexOf(':');
        return separator < 0
            ? new RedisPingProbe(endpoint, 6379)
            : new RedisPingProbe(endpoint[..separator], int.Parse(endpoint[(separator + 1)..]));
    }

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Ping, timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAtLeastAsync(buffer, 5, throwOnEndOfStream: false, timeout.Token);
            var reply = Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
            return reply == "+PONG" ? HealthProbeResult.Healthy("PONG") : HealthProbeResult.Unhealthy($"PING answered '{reply}'");
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unhealthy(exception.Message);
        }
    }
}
