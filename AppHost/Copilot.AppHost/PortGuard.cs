using System.Net;
using System.Net.Sockets;

namespace Copilot.AppHost;

/// <summary>
/// Aspire does not report a dashboard port that another process holds (it prints a login URL for it anyway), and a
/// taken gateway port would surface only as a failed resource; both stop the start with a clear message instead.
/// Checked when the application starts, once the testing builder (which turns the dashboard off) has had its say.
/// </summary>
public static class PortGuard
{
    public static void StopIfPortsAreTaken(this IDistributedApplicationBuilder builder, CopilotHostOptions options)
    {
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var application = @event.Services.GetRequiredService<DistributedApplicationOptions>();
            var ports = new List<(string What, string Flag, int Port)>();
            if (!application.DisableDashboard)
            {
                foreach (var (what, setting) in new[]
                {
                    ("the dashboard", "ASPNETCORE_URLS"),
                    ("the dashboard's OTLP receiver", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"),
                    ("the AppHost's resource service", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"),
                })
                {
                    if (Uri.TryCreate(builder.Configuration[setting]?.Split(';')[0], UriKind.Absolute, out var address))
                    {
                        ports.Add((what, "--dashboard-port", address.Port));
                    }
                }
            }

            if (!options.InfraOnly)
            {
                ports.Add(("the gateway", "--gateway-port", options.GatewayPort));
            }

            foreach (var (what, flag, port) in ports.Where(entry => entry.Port > 0))
            {
                if (IsTaken(port))
                {
                    throw new PortTakenException(
                        $"Port {port}, for {what}, is already in use by another process. Stop that process or choose another port with {flag} PORT.");
                }
            }

            return Task.CompletedTask;
        });
    }

    private static bool IsTaken(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}

public sealed class PortTakenException(string message) : DistributedApplicationException(message);
