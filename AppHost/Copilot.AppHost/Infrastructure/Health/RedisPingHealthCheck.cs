using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Copilot.AppHost.Infrastructure.Health;

/// <summary>
/// Sends RESP <c>AUTH</c> (when the connection string has a password) and <c>PING</c>, expecting <c>+PONG</c>. Speaking
/// the protocol keeps the AppHost free of a Redis client whose version would have to match the services' pin.
/// </summary>
public sealed class RedisPingHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var (host, port) = SplitEndpoint(parts[0]);
        var password = parts.Skip(1).FirstOrDefault(part => part.StartsWith("password=", StringComparison.OrdinalIgnoreCase))?["password=".Length..];
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8);
            if (password is not null)
            {
                await stream.WriteAsync(Command("AUTH", password), cancellationToken);
                if (await reader.ReadLineAsync(cancellationToken) is not "+OK" and var authReply)
                {
                    return HealthCheckResult.Unhealthy($"AUTH answered '{authReply}'");
                }
            }

            await stream.WriteAsync(Command("PING"), cancellationToken);
            var reply = await reader.ReadLineAsync(cancellationToken);
            return reply == "+PONG" ? HealthCheckResult.Healthy("PONG") : HealthCheckResult.Unhealthy($"PING answered '{reply}'");
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }

    private static (string Host, int Port) SplitEndpoint(string endpoint)
    {
        var separator = endpoint.LastIndexOf(':');
        return separator < 0 ? (endpoint, 6379) : (endpoint[..separator], int.Parse(endpoint[(separator + 1)..]));
    }

    private static byte[] Command(params string[] words)
    {
        var builder = new StringBuilder($"*{words.Length}\r\n");
        foreach (var word in words)
        {
            builder.Append($"${Encoding.UTF8.GetByteCount(word)}\r\n{word}\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
