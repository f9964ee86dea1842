using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Bench.Measure;
using Copilot.Bench.Target;

namespace Copilot.Bench.Client;

/// <summary>The chat API as a browser uses it: sessions, <c>POST /stream</c>, resume with <c>GET /stream</c>, cancel.</summary>
public sealed class PlatformClient(Uri baseAddress, TokenSource tokens) : IDisposable
{
    private readonly HttpClient _http = Http.Create(baseAddress);

    public Uri BaseAddress => baseAddress;

    public async Task<Guid> CreateSessionAsync(string user, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Post, user, "/api/chat/sessions");
        request.Content = JsonContent.Create(new { });
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>Sends a message and follows its turn to the end, recording every chunk into <paramref name="record"/>.</summary>
    public async Task RunTurnAsync(string user, Guid session, string message, TurnRecord record, CancellationToken cancellationToken)
    {
        record.SentUs = Clock.NowMicroseconds();
        await FollowAsync(user, session, message, null, record.OnPlatformEvent, () => record.HeadersUs = Clock.NowMicroseconds(), cancellationToken);
    }

    /// <summary>
    /// <c>POST /stream</c> with <paramref name="message"/>, or <c>GET /stream</c> (resume, after
    /// <paramref name="lastEventId"/> when given) without; feeds every event to <paramref name="onEvent"/> until it
    /// returns false or the stream ends.
    /// </summary>
    public async Task FollowAsync(string user, Guid session, string? message, string? lastEventId,
        Func<ReceivedEvent, bool> onEvent, Action? onHeaders, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(message is null ? HttpMethod.Get : HttpMethod.Post, user, $"/api/chat/sessions/{session}/stream");
        if (message is not null)
        {
            request.Content = JsonContent.Create(new { message });
        }

        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        onHeaders?.Invoke();
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await SseEventReader.ReadAsync(body, onEvent, cancellationToken);
    }

    public async Task CancelAsync(string user, Guid session, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Post, user, $"/api/chat/sessions/{session}/cancel");
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string user, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.ForAsync(user));
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length > 200 ? body[..200] : body)}");
        }
    }

    public void Dispose() => _http.Dispose();
}
