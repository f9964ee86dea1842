namespace Copilot.Testing.Processes;

public enum LogStream
{
    StandardOutput,
    StandardError,
}

public sealed record LogEntry(long Sequence, DateTimeOffset Timestamp, LogStream Stream, string Text);

/// <summary>
/// Bounded, thread-safe log of one process's output. Sequence numbers keep growing after old lines are
/// dropped, so a reader polling with "after N" never re-reads or silently skips within the retained window.
/// </summary>
public sealed class LogBuffer(int capacity = LogBuffer.DefaultCapacity)
{
    public const int DefaultCapacity = 2000;

    /// <summary>Longer lines are cut so one runaway line cannot exhaust the buffer's memory bound.</summary>
    private const int MaxLineLength = 8192;

    private readonly Queue<LogEntry> _entries = new();
    private readonly Lock _gate = new();
    private long _lastSequence;

    public LogEntry Append(LogStream stream, string text)
    {
        if (text.Length > MaxLineLength)
        {
            text = text[..MaxLineLength] + " …";
        }

        lock (_gate)
        {
            var entry = new LogEntry(++_lastSequence, DateTimeOffset.UtcNow, stream, text);
            _entries.Enqueue(entry);
            while (_entries.Count > capacity)
            {
                _entries.Dequeue();
            }

            return entry;
        }
    }

    public IReadOnlyList<LogEntry> ReadAfter(long sequence, int maxCount = 1000)
    {
        lock (_gate)
        {
            return _entries.Where(entry => entry.Sequence > sequence).Take(maxCount).ToList();
        }
    }

    public IReadOnlyList<LogEntry> Tail(int count)
    {
        lock (_gate)
        {
            return _entries.Skip(Math.Max(0, _entries.Count - count)).ToList();
        }
    }
}
