using System.Net.Http.Json;
using Copilot.Bench.Measure;

namespace Copilot.Bench.Client;

/// <summary>The simulator called directly, as the executor calls it: the baseline every tax is measured against.</summary>
public sealed class SimulatorClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = Http.Create(baseAddress);

    public async Task RunAsync(string message, TurnRecord record, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "bench", stream = true, messages = new[] { new { role = "user", content = message } } }),
        };
        record.SentUs = Clock.NowMicroseconds();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        record.HeadersUs = Clock.NowMicroseconds();
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await SseEventReader.ReadAsync(body, record.OnSimulatorEvent, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
