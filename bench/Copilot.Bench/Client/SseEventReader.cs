using System.Text;
using Copilot.Bench.Measure;

namespace Copilot.Bench.Client;

/// <summary>One server-sent event, stamped with the client's clock when its closing blank line was read.</summary>
public readonly record struct ReceivedEvent(string? Id, string Data, long ReceivedUs)
{
    public bool IsDone => Data == "[DONE]";
}

/// <summary>
/// A minimal <c>text/event-stream</c> reader: <c>id:</c> and <c>data:</c> fields, comments (heartbeats) skipped.
/// Small buffers, because the idle scenario holds ten thousand of these at once.
/// </summary>
public static class SseEventReader
{
    private const int BufferSize = 1024;

    /// <summary>Calls <paramref name="onEvent"/> for every event until it returns false, <c>[DONE]</c>, or the end of the body.</summary>
    public static async Task ReadAsync(Stream body, Func<ReceivedEvent, bool> onEvent, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, BufferSize);
        string? id = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is null)
                {
                    continue;
                }

                var received = new ReceivedEvent(id, data, Clock.NowMicroseconds());
                (id, data) = (null, null);
                if (!onEvent(received) || received.IsDone)
                {
                    return;
                }
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = Value(line, "id:".Length);
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                // Every producer here writes one data line per event; a second one would be joined per the spec.
                var value = Value(line, "data:".Length);
                data = data is null ? value : data + "\n" + value;
            }
        }
    }

    /// <summary>The field's value: one space after the colon is part of the syntax, not of the value.</summary>
    private static string Value(string line, int nameLength) =>
        line.Length > nameLength && line[nameLength] == ' ' ? line[(nameLength + 1)..] : line[nameLength..];
}
