using System.Net.Http.Headers;
using System.Text;

namespace Copilot.Hosting.Health;

/// <summary>Healthy when the management API's <c>/api/overview</c> answers 200 — the broker has fully booted.</summary>
public sealed class RabbitMqManagementProbe(Uri managementUrl, string user = "guest", string password = "guest") : IHealthProbe
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(managementUrl, "api/overview"));
        request.Headers.Authorization = BasicAuthentication(user, password);
        try
        {
            using var response = await Client.SendAsync(request, cancellationToken);
            var status = $"management API HTTP {(int)response.StatusCode}";
            return response.IsSuccessStatusCode ? HealthProbeResult.Healthy(status) : HealthProbeResult.Unhealthy(status);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unhealthy(exception.Message);
        }
    }

    public static AuthenticationHeaderValue BasicAuthentication(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
