namespace Copilot.Billing.Outbox;

/// <summary>
/// Wakes a polling worker as soon as there is work (a stored webhook, a queued tier change) instead of at its next
/// poll; the poll remains as the safety net for work written by other replicas or left by a crash.
/// </summary>
public sealed class WorkSignal<TWorker>
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public void Pulse()
    {
        lock (_pending)
        {
            if (_pending.CurrentCount == 0)
            {
                _pending.Release();
            }
        }
    }

    /// <summary>Returns when pulsed or after <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pending.WaitAsync(timeout, cancellationToken);
}
