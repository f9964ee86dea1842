namespace Copilot.Testing.Faults;

/// <summary>
/// Every service's output and every injected fault, timestamped, in one file per run: when an invariant breaks, the
/// story of what each process did around the fault is the first thing to read.
/// </summary>
public sealed class TimelineLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();
    private bool _disposed;

    private TimelineLog(string path)
    {
        Path = path;
        _writer = new StreamWriter(File.Open(path, FileMode.Create, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public string Path { get; }

    public static TimelineLog Create()
    {
        var directory = System.IO.Path.Combine(AppContext.BaseDirectory, "fault-injection-logs");
        Directory.CreateDirectory(directory);
        return new TimelineLog(System.IO.Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log"));
    }

    public void Write(string line)
    {
        lock (_gate)
        {
            // Services keep talking while the stack shuts down, after the fixture closed the file.
            if (_disposed)
            {
                return;
            }

            _writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    /// <summary>A line that stands out among the services' output.</summary>
    public void Mark(string what) => Write($"===== {what} =====");

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _writer.Dispose();
        }
    }
}
