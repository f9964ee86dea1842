using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Copilot.AppHost.Tests;

/// <summary>The Aspire dashboard's telemetry API (<c>/api/telemetry/*</c>, OTLP JSON), as an operator's tool reads it.</summary>
public sealed class DashboardTelemetry(Uri dashboard, string apiKey) : IDisposable
{
    private readonly HttpClient _client = CreateClient(dashboard, apiKey);

    /// <summary>Resources that sent telemetry: name, and whether logs, traces and metrics arrived.</summary>
    public async Task<JsonArray> ResourcesAsync() =>
        (await _client.GetFromJsonAsync<JsonArray>("api/telemetry/resources"))!;

    /// <summary>Every span the dashboard holds, with the <c>service.name</c> of the process that sent it.</summary>
    public async Task<IReadOnlyList<(string Service, JsonObject Span)>> SpansAsync()
    {
        var response = await _client.GetFromJsonAsync<JsonObject>("api/telemetry/spans?limit=5000");
        var spans = new List<(string, JsonObject)>();
        foreach (var resourceSpans in response?["data"]?["resourceSpans"]?.AsArray() ?? [])
        {
            var service = Attribute(resourceSpans!["resource"]?["attributes"], "service.name") ?? "";
            foreach (var scope in resourceSpans["scopeSpans"]?.AsArray() ?? [])
            {
                spans.AddRange((scope!["spans"]?.AsArray() ?? []).Select(span => (service, span!.AsObject())));
            }
        }

        return spans;
    }

    public static string? Attribute(JsonNode? attributes, string key) =>
        attributes?.AsArray().FirstOrDefault(attribute => attribute?["key"]?.GetValue<string>() == key)?["value"]?["stringValue"]?.GetValue<string>();

    public void Dispose() => _client.Dispose();

    private static HttpClient CreateClient(Uri dashboard, string apiKey)
    {
        var client = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }
}
