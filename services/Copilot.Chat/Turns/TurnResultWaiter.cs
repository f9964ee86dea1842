using Copilot.Chat.Streaming;
using Copilot.Contracts;

namespace Copilot.Chat.Turns;

/// <summary>
/// Waits for a session's current turn to end by reading its Redis stream from the start, so the result is the
/// whole turn even when the caller attaches late or on another replica. Every exit path releases the stream
/// listener (the reader's enumerator is disposed).
/// </summary>
public sealed class TurnResultWaiter(TurnStore turns, TurnStreamReader reader)
{
    private const int MetaAttempts = 3;
    private static readonly TimeSpan MetaRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the turn <paramref name="submitted"/> started, joined or queued
    /// behind. A queued message with no time to wait answers at once; with time, the caller rides the running turn
    /// (which takes the message in), and the answer says it was queued. A session deleted meanwhile ran nothing.
    /// </summary>
    public async Task<(SessionOutcome Outcome, SessionResult Result)> WaitAsync(
        SubmitOutcome submitted, string userId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (submitted is SubmitOutcome.SessionGone)
        {
            return (SessionOutcome.Rejected, SessionResult.Empty);
        }

        if (submitted is not SubmitOutcome.Queued queued)
        {
            return await WaitAsync(submitted.SessionId, userId, timeout, cancellationToken);
        }

        var (outcome, result) = timeout <= TimeSpan.Zero
            ? (SessionOutcome.Queued, SessionResult.Empty)
            : await WaitAsync(submitted.SessionId, userId, timeout, cancellationToken);
        return (outcome, result with { Queued = true, FollowUpBufferLength = queued.BufferLength });
    }

    public async Task<(SessionOutcome Outcome, SessionResult Result)> WaitAsync(
        Guid sessionId, string userId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var meta = await FindOwnedMetaAsync(sessionId, userId, cancellationToken);
        if (meta is null)
        {
            return (SessionOutcome.Running, SessionResult.Empty);
        }

        var accumulator = new TurnResultAccumulator();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);
        try
        {
            await foreach (var entry in reader.ReadAsync(sessionId, meta.TurnId, StreamEntryId.Zero, deadline.Token))
            {
                accumulator.Add(entry.Json);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The wait ran out: report what the turn produced so far.
        }

        return (accumulator.Outcome, accumulator.Result());
    }

    /// <summary>The meta may lag the caller by a moment (a turn being recorded right now), so look a few times.</summary>
    private async Task<TurnMeta?> FindOwnedMetaAsync(Guid sessionId, string userId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await turns.GetMetaAsync(sessionId) is { } meta)
            {
                return meta.UserId == userId ? meta : null;
            }

            if (attempt == MetaAttempts)
            {
                return null;
            }

            await Task.Delay(MetaRetryDelay, cancellationToken);
        }
    }
}
