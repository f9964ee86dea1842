using System.Collections.Concurrent;

namespace Copilot.Executor.Turns;

/// <summary>The turns this process is running, so a fan-out Stop reaches the one replica that owns the session.</summary>
public sealed class ActiveTurns
{
    private readonly ConcurrentDictionary<Guid, (Guid TurnId, CancellationTokenSource Stop)> _running = new();

    public CancellationToken Register(Guid sessionId, Guid turnId, CancellationTokenSource stop)
    {
        _running[sessionId] = (turnId, stop);
        return stop.Token;
    }

    public void Unregister(Guid sessionId, Guid turnId)
    {
        if (_running.TryGetValue(sessionId, out var running) && running.TurnId == turnId)
        {
            _running.TryRemove(KeyValuePair.Create(sessionId, running));
        }
    }

    /// <summary>Stops the session's turn if it runs here (and, when given, only that turn). Returns whether it did.</summary>
    public bool TryStop(Guid sessionId, Guid? turnId)
    {
        if (!_running.TryGetValue(sessionId, out var running) || (turnId is { } expected && running.TurnId != expected))
        {
            return false;
        }

        running.Stop.Cancel();
        return true;
    }
}
