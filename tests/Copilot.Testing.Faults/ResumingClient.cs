using System.Diagnostics;
using System.Net;
using Copilot.Testing;

namespace Copilot.Testing.Faults;

/// <summary>
/// A user who streams answers the way a robust client should: when a stream breaks (connection lost, a server-side
/// error event without an id, silence past the heartbeat) it re-attaches with <c>GET …/stream</c> and
/// <c>Last-Event-ID</c>, alternating between chat-api replicas, until the turn's own <c>finish</c> arrives.
/// </summary>
public sealed class ResumingClient : IDisposable
{
    /// <summary>
    /// How long one message may take, resumes included: long enough to outlast every replica behind the entry being
    /// restarted on a busy machine (the chaos soak measured up to 2.5 min), so giving up means the platform failed.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(300);

    /// <summary>Twice and a half the server's heartbeat interval: a live stream is never this quiet.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(25);

    private readonly ChatClient[] _replicas;
    private int _next;

    public ResumingClient(CopilotStack stack)
        : this(stack.ChatApis.Select(api => api.BaseAddress))
    {
    }

    /// <param name="entries">Where messages are sent and streams resumed, in turn: chat-api replicas, or the gateway.</param>
    public ResumingClient(IEnumerable<Uri> entries)
    {
        UserId = $"fault-{Guid.NewGuid():N}";
        _replicas = [.. entries.Select(entry => new ChatClient(CopilotStack.CreateClient(entry, UserId), UserId))];
        foreach (var replica in _replicas)
        {
            replica.Http.Timeout = TimeSpan.FromSeconds(30);
        }
    }

    public string UserId { get; }

    public Task<Guid> CreateSessionAsync() => NextReplica().CreateSessionAsync();

    /// <summary>Sends the transcript's message and records, into it, everything that comes back until the turn ends.</summary>
    /// <param name="drop">When to hang up (checked after every event, first hit only) and what to await before resuming.</param>
    public async Task SendAsync(TurnTranscript transcript, ClientDrop? drop = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        var response = await StartAsync(transcript);
        while (response is not null)
        {
            using (response)
            {
                if (await ReadAsync(response, transcript, drop?.When) == ReadOutcome.Dropped)
                {
                    await drop!.BeforeResume(transcript);
                    drop = null;
                }
            }

            response = null;
            if (transcript.Events.LastOrDefault()?.Type == "finish")
            {
                transcript.End = TranscriptEnd.Finished;
                break;
            }

            while (response is null && transcript.End == TranscriptEnd.Open)
            {
                if (DateTime.UtcNow > deadline)
                {
                    transcript.End = TranscriptEnd.GaveUp;
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500));
                response = await ResumeAsync(transcript);
            }
        }

        transcript.EndedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// Waits until the session runs no turn (the session detail has no <c>active_stream</c>), as a user waits for the
    /// answers to queued follow-ups before writing again; false when it still runs one after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitUntilIdleAsync(Guid sessionId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var detail = await NextReplica().GetSessionAsync(sessionId, "?limit=1");
                if (!detail.TryGetProperty("active_stream", out var active) || active.ValueKind == System.Text.Json.JsonValueKind.Null)
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // A replica or the gateway is down for the moment: ask again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return false;
    }

    /// <summary>The user's Stop for the session's running turn; false when it could not be delivered.</summary>
    public async Task<bool> StopAsync(Guid sessionId)
    {
        try
        {
            using var response = await NextReplica().CancelAsync(sessionId);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }
    }

    /// <summary>The POST; null when the message was not accepted for streaming (rejected or queued).</summary>
    private async Task<HttpResponseMessage?> StartAsync(TurnTranscript transcript)
    {
        HttpResponseMessage response;
        try
        {
            response = await NextReplica().SendAsync(transcript.SessionId, transcript.Message);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            transcript.Note($"send failed: {exception.Message}");
            transcript.End = TranscriptEnd.Rejected;
            return null;
        }

        transcript.Status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return response;
        }

        transcript.End = response.StatusCode == HttpStatusCode.Accepted ? TranscriptEnd.Queued : TranscriptEnd.Rejected;
        transcript.Note($"send answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        response.Dispose();
        return null;
    }

    /// <summary>Re-attaches; null when this attempt failed and should be retried. A 204 ends the transcript.</summary>
    private async Task<HttpResponseMessage?> ResumeAsync(TurnTranscript transcript)
    {
        transcript.Resumes++;
        try
        {
            // Before its first chunk the client asks for the turn from its start (0-0), as the web client does: without an
            // id, a turn that ended meanwhile would answer 204 and the client would never see how it ended.
            var response = await NextReplica().ResumeAsync(transcript.SessionId, transcript.LastEventId ?? "0-0");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            transcript.Note($"resume after {transcript.LastEventId} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                transcript.End = TranscriptEnd.EndedBeforeResume;
            }

            response.Dispose();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            transcript.Note($"resume failed: {exception.Message}");
        }

        return null;
    }

    private static async Task<ReadOutcome> ReadAsync(HttpResponseMessage response, TurnTranscript transcript, Func<TurnTranscript, bool>? dropWhen)
    {
        var clock = Stopwatch.StartNew();
        using var quiet = new CancellationTokenSource(Silence);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(quiet.Token);
            using var reader = new StreamReader(body);
            string? id = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(quiet.Token) is { } line)
            {
                quiet.CancelAfter(Silence);
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line[6..]);
                }
                else if (line.Length == 0 && data.Count > 0)
                {
                    var sse = new SseEvent(id, string.Join('\n', data), clock.Elapsed);
                    (id, data) = (null, []);
                    if (sse.IsDone)
                    {
                        return ReadOutcome.Ended;
                    }

                    if (sse.Id is null)
                    {
                        // Written by chat-api itself (its stream broke), not part of the turn: resume past it.
                        transcript.Note($"event without id: {sse.Data}");
                        continue;
                    }

                    transcript.Add(sse);
                    if (dropWhen?.Invoke(transcript) == true)
                    {
                        transcript.Note($"client hung up after {sse.Id}");
                        return ReadOutcome.Dropped;
                    }
                }
            }

            transcript.Note("stream closed without [DONE]");
        }
        catch (OperationCanceledException)
        {
            transcript.Note($"no byte for {Silence.TotalSeconds:0} s");
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            transcript.Note($"stream broke: {exception.Message}");
        }

        return ReadOutcome.Broken;
    }

    private ChatClient NextReplica() => _replicas[(int)((uint)Interlocked.Increment(ref _next) % _replicas.Length)];

    private enum ReadOutcome
    {
        Ended,
        Dropped,
        Broken,
    }
}

/// <summary>A client hanging up mid-stream: when (checked after every event) and what happens before it comes back.</summary>
public sealed record ClientDrop(Func<TurnTranscript, bool> When, Func<TurnTranscript, Task> BeforeResume)
{
    /// <summary>Hangs up when <paramref name="when"/> first holds and comes back right away.</summary>
    public static ClientDrop Briefly(Func<TurnTranscript, bool> when) => new(when, _ => Task.CompletedTask);
}
