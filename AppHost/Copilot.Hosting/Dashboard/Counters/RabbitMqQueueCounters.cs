using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Copilot.Hosting.Health;
using Copilot.Hosting.Resources;

namespace Copilot.Hosting.Dashboard.Counters;

public sealed record QueueCounters(string Name, long Messages, long Ready, long Unacknowledged, int Consumers);

public sealed record BrokerCounters(string VirtualHost, long Messages, int Consumers, IReadOnlyList<QueueCounters> Queues);

/// <summary>
/// Depth and consumers of every queue in the broker's virtual host, from the RabbitMQ management API. A local broker's
/// API address is known to the orchestrator; an external one's must be given (<paramref name="managementUrl"/>), with
/// the credentials of the AMQP connection string.
/// </summary>
public sealed class RabbitMqQueueCounters(RabbitMQServerResource broker, Uri? managementUrl = null) : ICounterSource
{
    private static readonly HttpClient Client = new() { Timeout = CounterBoard.SourceTimeout };

    public string Name => "queues";

    public async Task<object> ReadAsync(CancellationToken cancellationToken)
    {
        var management = managementUrl ?? broker.ManagementUrl
            ?? throw new InvalidOperationException("The broker's management API address is unknown (set Dashboard__RabbitMQManagementUrl).");
        var amqp = new Uri(broker.ConnectionString ?? throw new InvalidOperationException("The broker has no connection string yet."));
        var (user, password) = Credentials(amqp);
        var virtualHost = amqp.AbsolutePath.Length > 1 ? Uri.UnescapeDataString(amqp.AbsolutePath[1..]) : "/";

        var url = new Uri(management, $"api/queues/{Uri.EscapeDataString(virtualHost)}?columns=name,messages,messages_ready,messages_unacknowledged,consumers");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = RabbitMqManagementProbe.BasicAuthentication(user, password);
        using var response = await Client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The management API answered {(int)response.StatusCode} for {url.GetLeftPart(UriPartial.Path)}.");
        }

        var queues = (await response.Content.ReadFromJsonAsync<List<ManagementQueue>>(cancellationToken) ?? [])
            .Select(queue => new QueueCounters(queue.Name, queue.Messages ?? 0, queue.Ready ?? 0, queue.Unacknowledged ?? 0, queue.Consumers ?? 0))
            .OrderByDescending(queue => queue.Messages)
            .ThenBy(queue => queue.Name, StringComparer.Ordinal)
            .ToList();
        return new BrokerCounters(virtualHost, queues.Sum(queue => queue.Messages), queues.Sum(queue => queue.Consumers), queues);
    }

    /// <summary>The AMQP URI's user info (percent-decoded), RabbitMQ's guest account without one.</summary>
    private static (string User, string Password) Credentials(Uri amqp)
    {
        if (string.IsNullOrEmpty(amqp.UserInfo))
        {
            return ("guest", "guest");
        }

        var parts = amqp.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }

    /// <summary>A queue as the management API lists it; counts are absent while a queue is still being created.</summary>
    private sealed record ManagementQueue(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("messages")] long? Messages,
        [property: JsonPropertyName("messages_ready")] long? Ready,
        [property: JsonPropertyName("messages_unacknowledged")] long? Unacknowledged,
        [property: JsonPropertyName("consumers")] int? Consumers);
}
