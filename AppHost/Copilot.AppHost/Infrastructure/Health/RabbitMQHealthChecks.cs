using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Copilot.AppHost.Infrastructure.Health;

/// <summary>
/// Healthy when the management API's <c>/api/overview</c> answers: the node has fully booted, plugins included (the
/// AMQP port opens earlier, before the test suite could create virtual hosts).
/// </summary>
public sealed class RabbitMQManagementHealthCheck(EndpointReference management) : IHealthCheck
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{management.Port}/api/overview"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
        try
        {
            using var response = await Client.SendAsync(request, cancellationToken);
            var status = $"management API HTTP {(int)response.StatusCode}";
            return response.IsSuccessStatusCode ? HealthCheckResult.Healthy(status) : HealthCheckResult.Unhealthy(status);
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}

/// <summary>Healthy when an AMQP connection opens: for an external broker, whose management API may not be reachable.</summary>
public sealed class AmqpConnectionHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
        try
        {
            await using var connection = await factory.CreateConnectionAsync("copilot-apphost-health", cancellationToken);
            return HealthCheckResult.Healthy("AMQP connection opened");
        }
        catch (BrokerUnreachableException exception)
        {
            return HealthCheckResult.Unhealthy(exception.InnerException?.Message ?? exception.Message);
        }
    }
}
