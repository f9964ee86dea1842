using Copilot.Chat.Data;
using Copilot.Chat.Pending;
using Copilot.Contracts;
using Copilot.Usage.Client;

namespace Copilot.Chat.Turns;

/// <summary>A message for a session's turn, from any caller: the chat API, a sub-session tool, an internal service.</summary>
public sealed record TurnQueueRequest(string Message, string Origin, CopilotPermissions? Permissions = null);

/// <summary>
/// What submitting a message did: started (or re-attached to) a turn, queued it for the running one, or nothing
/// because usage refused the turn (<see cref="Refusal"/>).
/// </summary>
public sealed record TurnSubmission(Guid SessionId, Guid? TurnId, bool Queued, int PendingBufferLength, TurnAdmission? Refusal = null);

/// <summary>
/// The one path by which every caller runs a turn: a busy session gets the message in its pending buffer (drained
/// by the running turn at its next tool boundary); an idle one gets a new turn sent to the executors. Callers that
/// need the answer then wait on the turn's stream, wherever the turn runs.
/// </summary>
public sealed class TurnQueue(TurnStarter starter, PendingBuffer pending, TurnResultWaiter waiter, TimeProvider time)
{
    /// <summary>Starts or queues <paramref name="request"/> in <paramref name="session"/> (whose ownership the caller checked).</summary>
    public async Task<TurnSubmission> SubmitAsync(ChatSession session, TurnQueueRequest request, CancellationToken cancellationToken)
    {
        // The starter decides busy-or-idle under the session's write lock, so a race with another send cannot start two turns.
        var start = await starter.StartAsync(session, new TurnRequest(
            Guid.NewGuid(), request.Message, IsUserMessage: true, ModelTiers.Standard, Mode: null, Context: null, FileIds: null,
            time.GetUtcNow(), request.Origin, request.Permissions), cancellationToken);
        if (start.Refusal is { } refusal)
        {
            return new TurnSubmission(session.Id, null, Queued: false, PendingBufferLength: 0, refusal);
        }

        return start.SessionBusy
            ? await QueueAsync(session.Id, new PendingMessage(request.Message, [], null, UnixSeconds()))
            : new TurnSubmission(session.Id, start.TurnId, Queued: false, PendingBufferLength: 0);
    }

    /// <summary>
    /// Submits, then waits up to <paramref name="timeout"/> for the session's turn to end. A queued message with no
    /// time to wait returns at once; with time, the caller rides the running turn (which will drain the message). A
    /// refused turn answers <see cref="SessionOutcome.Rejected"/> at once, with usage's reason.
    /// </summary>
    public async Task<(SessionOutcome Outcome, SessionResult Result, TurnAdmission? Refusal)> RunAsync(
        ChatSession session, TurnQueueRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var submission = await SubmitAsync(session, request, cancellationToken);
        if (submission.Refusal is { } refusal)
        {
            return (SessionOutcome.Rejected, SessionResult.Empty, refusal);
        }

        var (outcome, result) = await WaitAsync(submission, session.UserId, timeout, cancellationToken);
        return (outcome, result, null);
    }

    public async Task<(SessionOutcome Outcome, SessionResult Result)> WaitAsync(
        TurnSubmission submission, string userId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (submission.Queued && timeout <= TimeSpan.Zero)
        {
            return (SessionOutcome.Queued, SessionResult.Empty with { Queued = true, PendingBufferLength = submission.PendingBufferLength });
        }

        var (outcome, result) = await waiter.WaitAsync(submission.SessionId, userId, timeout, cancellationToken);
        return submission.Queued
            ? (outcome, result with { Queued = true, PendingBufferLength = submission.PendingBufferLength })
            : (outcome, result);
    }

    /// <summary>Pushes a follow-up for the session's running turn and wakes it.</summary>
    public async Task<TurnSubmission> QueueAsync(Guid sessionId, PendingMessage message)
    {
        var length = await pending.PushAsync(sessionId, message);
        return new TurnSubmission(sessionId, TurnId: null, Queued: true, length);
    }

    private double UnixSeconds() => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
