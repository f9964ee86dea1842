namespace Copilot.Executor.Turns;

/// <summary>Names this worker process in lock tokens and logs, so operators can tell which replica holds a session.</summary>
public sealed class ExecutorIdentity
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";
}
