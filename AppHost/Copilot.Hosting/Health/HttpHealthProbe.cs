namespace Copilot.Hosting.Health;

/// <summary>Healthy when <c>GET</c> on the URL answers 200, like Aspire's <c>WithHttpHealthCheck("/health")</c>.</summary>
public sealed class HttpHealthProbe(Uri url) : IHealthProbe
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public Uri Url { get; } = url;

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(Url, cancellationToken);
            var status = $"HTTP {(int)response.StatusCode}";
            return response.IsSuccessStatusCode ? HealthProbeResult.Healthy(status) : HealthProbeResult.Unhealthy(status);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Unhealthy(exception.Message);
        }
    }
}
