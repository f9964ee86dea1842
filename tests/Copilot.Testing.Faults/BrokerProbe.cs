using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.Testing.Faults;

/// <summary>A message parked in an error (or skipped) queue, with the reason MassTransit recorded for operators.</summary>
public sealed record ParkedMessage(string Queue, string MessageType, string? Reason);

/// <summary>One model call's charge as the executor published it.</summary>
public sealed record PublishedCharge(Guid UsageId, string UserId, long CostMicrodollars);

/// <summary>
/// The stack's RabbitMQ virtual host through the management API: an extra durable queue bound to the exchange of
/// <c>LlmUsageRecorded</c> (the observer's own copy of every model call the executors report, independent of the
/// usage service's consumer), and the error queues an operator would look at.
/// </summary>
public sealed class BrokerProbe(Uri management, string virtualHost)
{
    private const string UsageExchange = "Copilot.Contracts:LlmUsageRecorded";
    private const string TapQueue = "chaos-observer-llm-usage";

    private string Vhost => Uri.EscapeDataString(virtualHost);

    /// <summary>Declares the tap before any turn runs; durable, so it keeps its messages across broker restarts.</summary>
    public async Task TapUsageAsync()
    {
        using var http = Client();
        // The same declaration MassTransit makes for a published message type, so neither side's declaration conflicts.
        (await http.PutAsJsonAsync($"api/exchanges/{Vhost}/{Uri.EscapeDataString(UsageExchange)}",
            new { type = "fanout", durable = true, auto_delete = false })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"api/queues/{Vhost}/{TapQueue}", new { durable = true, auto_delete = false })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"api/bindings/{Vhost}/e/{Uri.EscapeDataString(UsageExchange)}/q/{TapQueue}",
            new { routing_key = "" })).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Puts a command on a queue as the broker redelivers it after its consumer died: MassTransit's JSON envelope
    /// through the queue's own exchange (MassTransit binds an exchange of the queue's name to it).
    /// </summary>
    public async Task RedeliverAsync<T>(string queue, T message)
    {
        using var http = Client();
        var envelope = JsonSerializer.Serialize(new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}" },
            message,
            sentTime = DateTimeOffset.UtcNow,
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var response = await http.PostAsJsonAsync($"api/exchanges/{Vhost}/{Uri.EscapeDataString(queue)}/publish", new
        {
            properties = new { content_type = "application/vnd.masstransit+json", delivery_mode = 2 },
            routing_key = "",
            payload = envelope,
            payload_encoding = "string",
        });
        response.EnsureSuccessStatusCode();
        if (!(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean())
        {
            throw new InvalidOperationException($"No queue is bound to the exchange {queue}: the message was dropped.");
        }
    }

    /// <summary>Takes every charge published so far off the tap.</summary>
    public async Task<IReadOnlyList<PublishedCharge>> DrainChargesAsync()
    {
        var charges = new List<PublishedCharge>();
        while (true)
        {
            var batch = await GetAsync(TapQueue, 500, requeue: false);
            foreach (var message in batch)
            {
                using var envelope = JsonDocument.Parse(message.GetProperty("payload").GetString()!);
                var body = envelope.RootElement.GetProperty("message");
                charges.Add(new PublishedCharge(body.GetProperty("usageId").GetGuid(), body.GetProperty("userId").GetString()!,
                    body.GetProperty("costMicrodollars").GetInt64()));
            }

            if (batch.Count == 0)
            {
                return charges;
            }
        }
    }

    /// <summary>Up to 50 messages of every error or skipped queue, left where they are.</summary>
    public async Task<IReadOnlyList<ParkedMessage>> ParkedMessagesAsync()
    {
        using var http = Client();
        var queues = await http.GetFromJsonAsync<JsonElement>($"api/queues/{Vhost}?columns=name");
        var parked = new List<ParkedMessage>();
        foreach (var name in queues.EnumerateArray().Select(queue => queue.GetProperty("name").GetString()!)
                     .Where(name => name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal)))
        {
            foreach (var message in await GetAsync(name, 50, requeue: true))
            {
                var headers = message.GetProperty("properties").TryGetProperty("headers", out var h) ? h : default;
                parked.Add(new ParkedMessage(name, MessageTypeOf(message.GetProperty("payload").GetString()),
                    Header(headers, "MT-Fault-Message") is { } fault
                        ? $"{Header(headers, "MT-Fault-ExceptionType")}: {fault}"
                        : Header(headers, "MT-Reason")));
            }
        }

        return parked;
    }

    private async Task<IReadOnlyList<JsonElement>> GetAsync(string queue, int count, bool requeue)
    {
        using var http = Client();
        using var response = await http.PostAsJsonAsync($"api/queues/{Vhost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = requeue ? "ack_requeue_true" : "ack_requeue_false", encoding = "auto" });
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(message => message.Clone())];
    }

    /// <summary>MassTransit's envelope names the message's types, most specific first.</summary>
    private static string MessageTypeOf(string? payload)
    {
        try
        {
            using var envelope = JsonDocument.Parse(payload ?? "");
            return envelope.RootElement.GetProperty("messageType")[0].GetString() ?? "?";
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "?";
        }
    }

    private static string? Header(JsonElement headers, string name) =>
        headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty(name, out var value) ? value.ToString() : null;

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = RabbitMQManagement.GuestAuthentication;
        return http;
    }
}
