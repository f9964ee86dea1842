using System.Diagnostics;
using System.Text.Json;

namespace Copilot.Testing;

/// <summary>One server-sent event as a client saw it, with when it arrived (for "arrives incrementally" checks).</summary>
public sealed record SseEvent(string? Id, string Data, TimeSpan ArrivedAfter)
{
    public bool IsDone => Data == "[DONE]";

    /// <summary>The UI chunk's <c>type</c>, or null for <c>[DONE]</c>.</summary>
    public string? Type => IsDone ? null : JsonDocument.Parse(Data).RootElement.GetProperty("type").GetString();

    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>Reads a <c>text/event-stream</c> response into events; comments (heartbeats) are counted, not returned.</summary>
public static class SseReader
{
    public static async Task<SseCapture> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken, Func<SseEvent, bool>? stopAfter = null)
    {
        var clock = Stopwatch.StartNew();
        var events = new List<SseEvent>();
        var comments = 0;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        string? id = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    var sse = new SseEvent(id, string.Join('\n', data), clock.Elapsed);
                    events.Add(sse);
                    if (sse.IsDone || stopAfter?.Invoke(sse) == true)
                    {
                        break;
                    }
                }

                (id, data) = (null, []);
            }
            else if (line.StartsWith(':'))
            {
                comments++;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }

        return new SseCapture(events, comments);
    }
}

public sealed record SseCapture(IReadOnlyList<SseEvent> Events, int Comments)
{
    public IEnumerable<string?> Types => Events.Select(e => e.Type);

    /// <summary>
    /// <see cref="Types"/> without transient data parts (<c>data-usage</c>, <c>data-session-title</c>), which may come
    /// at any step boundary: the message's structure, for assertions on its shape.
    /// </summary>
    public IEnumerable<string?> StructureTypes => Events
        .Where(e => e.IsDone || !(e.Json.TryGetProperty("transient", out var transient) && transient.ValueKind == JsonValueKind.True))
        .Select(e => e.Type);

    public IEnumerable<SseEvent> Chunks => Events.Where(e => !e.IsDone);

    /// <summary>The concatenated <c>text-delta</c>s: the answer as a user would read it.</summary>
    public string Text => string.Concat(Chunks.Where(e => e.Type == "text-delta").Select(e => e.Json.GetProperty("delta").GetString()));
}
