using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Copilot.EndToEndTests.Fuzz;

/// <summary>
/// Sends requests through the gateway and records every answer a hostile client must never get: a 5xx, no answer
/// within the patience, or (with <see cref="SendForgedAsync"/>) a 2xx for an identity the platform did not issue.
/// </summary>
public sealed class RouteFuzzer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _findings = new();
    private int _sent;

    public RouteFuzzer(Uri gateway)
    {
        // UTF-8 header values, as a browser or curl can send them; .NET would refuse to send them otherwise.
        var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        _http = new HttpClient(handler) { BaseAddress = gateway, Timeout = Patience };
    }

    public IReadOnlyCollection<string> Findings => _findings;

    public int Sent => _sent;

    public Task SendAsync(string method, string path, string? token, string? body = null, string contentType = "application/json",
        (string Name, string Value)? header = null) =>
        SendCoreAsync(method, path, token, body, contentType, header, forged: false);

    public Task SendForgedAsync(string method, string path, string token, string? body) =>
        SendCoreAsync(method, path, token, body, "application/json", header: null, forged: true);

    private async Task SendCoreAsync(string method, string path, string? token, string? body, string contentType,
        (string Name, string Value)? header, bool forged)
    {
        Interlocked.Increment(ref _sent);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (header is { } extra)
        {
            request.Headers.TryAddWithoutValidation(extra.Name, extra.Value);
        }

        var described = $"{method} {Shorten(path)}{(body is null ? "" : $" body {Shorten(body)} ({contentType})")}{(header is { } h ? $" header {h.Name}: {h.Value}" : "")}";
        try
        {
            // Headers only: a started turn streams for a while, and its answer is not what is under test here.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if ((int)response.StatusCode >= 500)
            {
                _findings.Enqueue($"{(int)response.StatusCode} for {described}: {Shorten(await response.Content.ReadAsStringAsync())}");
            }
            else if (forged && response.IsSuccessStatusCode)
            {
                _findings.Enqueue($"{(int)response.StatusCode} accepted a forged identity: {described}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            _findings.Enqueue($"no answer ({exception.GetType().Name}: {exception.Message}) for {described}");
        }
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : $"{text[..160]}… ({text.Length} chars)";

    public void Dispose() => _http.Dispose();
}
