using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Copilot.Testing;

/// <summary>
/// A signed-in user of the public chat API, as the web client uses it: sessions, turns (a message POSTed to the stream
/// endpoint answers with the turn's SSE, or 202 when queued behind a running one), resuming and cancelling them.
/// <see cref="Http"/> stays open for everything else a test sends.
/// </summary>
public sealed class ChatClient(HttpClient http, string userId) : IDisposable
{
    /// <summary>How long a test waits for one answer's stream.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public string UserId { get; } = userId;

    public HttpClient Http { get; } = http;

    /// <summary>A user of <paramref name="stack"/> talking to its entry (the gateway when it runs); a new user when <paramref name="userId"/> is null.</summary>
    public static ChatClient For(CopilotStack stack, string? userId = null)
    {
        userId ??= $"user-{Guid.NewGuid():N}";
        return new ChatClient(stack.CreateClient(userId), userId);
    }

    /// <summary>
    /// A user signed in the way the web client does without an identity provider: a token from the gateway's
    /// development endpoint, not one minted by the test.
    /// </summary>
    public static async Task<ChatClient> SignInAsync(Uri gateway, string userId)
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("/dev/token", new { user_id = userId });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ChatClient(client, userId);
    }

    public async Task<Guid> CreateSessionAsync()
    {
        using var response = await Http.PostAsJsonAsync("/api/chat/sessions", new { });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"Creating a session answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Posts <paramref name="body"/> (a message and its options) and returns once the headers arrive; the body streams.</summary>
    /// <remarks>Serialised as written (snake_case names such as <c>file_ids</c> stay as they are).</remarks>
    public Task<HttpResponseMessage> SendAsync(Guid session, object body) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/chat/sessions/{session}/stream")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        }, HttpCompletionOption.ResponseHeadersRead);

    public Task<HttpResponseMessage> SendAsync(Guid session, string message) => SendAsync(session, new { message });

    /// <summary>Sends a message and reads its whole answer; fails unless the message started a turn.</summary>
    public async Task<SseCapture> ChatAsync(Guid session, object body)
    {
        using var response = await SendAsync(session, body);
        response.EnsureSuccessStatusCode();
        return await ReadAsync(response);
    }

    public Task<SseCapture> ChatAsync(Guid session, string message) => ChatAsync(session, new { message });

    /// <summary>Re-attaches to the session's turn (GET …/stream), after <paramref name="lastEventId"/> when given.</summary>
    public Task<HttpResponseMessage> ResumeAsync(Guid session, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/chat/sessions/{session}/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Stop, as the web client's button sends it.</summary>
    public Task<HttpResponseMessage> CancelAsync(Guid session) => Http.PostAsync($"/api/chat/sessions/{session}/cancel", null);

    /// <summary>The session's detail, its messages included (<paramref name="query"/> pages them).</summary>
    public async Task<JsonElement> GetSessionAsync(Guid session, string query = "")
    {
        using var response = await Http.GetAsync($"/api/chat/sessions/{session}{query}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The messages queued behind the running turn.</summary>
    public Task<JsonElement> FollowUpsAsync(Guid session) => Http.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{session}/messages/pending");

    /// <summary>Uploads a text file to the user's workspace and returns its stored metadata (<c>id</c>, <c>name</c>, …).</summary>
    public async Task<JsonElement> UploadAsync(string name, string content)
    {
        using var form = new MultipartFormDataContent { { new StringContent(content), "file", name } };
        using var response = await Http.PostAsync("/api/workspace/files", form);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Reads a streaming answer to its end (or until <paramref name="stopAfter"/>), within <see cref="Patience"/>.</summary>
    public static async Task<SseCapture> ReadAsync(HttpResponseMessage response, Func<SseEvent, bool>? stopAfter = null)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await SseReader.ReadAllAsync(response, patience.Token, stopAfter);
    }

    /// <summary>
    /// Reads a streaming answer to its end in the background and returns once an event matching <paramref name="returnOnce"/>
    /// arrived: the server has demonstrably got that far, so what the test does next happens after it (where a sleep
    /// would only make that likely). Await the returned task for the whole stream.
    /// </summary>
    public static async Task<Task<SseCapture>> ReadInBackgroundAsync(HttpResponseMessage response, Func<SseEvent, bool> returnOnce)
    {
        var arrived = new TaskCompletionSource();
        var reading = ReadAsync(response, e =>
        {
            if (returnOnce(e))
            {
                arrived.TrySetResult();
            }

            return false;
        });
        await Task.WhenAny(arrived.Task, reading);
        if (!arrived.Task.IsCompleted)
        {
            var capture = await reading;
            throw new InvalidOperationException($"The stream ended without the awaited event: {string.Join(",", capture.Types)}");
        }

        return reading;
    }

    public void Dispose() => Http.Dispose();
}
