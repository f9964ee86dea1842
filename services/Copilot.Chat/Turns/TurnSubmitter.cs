using System.Diagnostics;
using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Streaming;
using Copilot.Chat.Workspace;
using Copilot.Contracts;
using Copilot.Messaging;
using Copilot.Usage.Client;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Copilot.Chat.Turns;

/// <summary>
/// The one path by which every caller submits to a session: the chat stream route, sub-sessions, internal services,
/// and <see cref="TurnEnder"/> continuing the follow-ups a finished turn left queued. Under the session's write lock
/// it decides once, in this order: a running turn takes a retried message back (<see cref="SubmitOutcome.Attached"/>)
/// or a new one as a follow-up (<see cref="SubmitOutcome.Queued"/>); otherwise usage admits the turn, a retry of a
/// stored message re-attaches to the turn that message started, and a new message is appended, recorded as the
/// session's running turn and sent to the executors as <see cref="RunCopilotTurn"/>.
/// </summary>
public sealed partial class TurnSubmitter(
    SessionWriteLock writeLock,
    TurnStore turns,
    ChatHistory history,
    FollowUpBuffer followUpBuffer,
    WorkspaceFiles workspace,
    ITurnAdmission admission,
    ISendEndpointProvider sendEndpoints,
    TurnCloser closer,
    TimeProvider time,
    ILogger<TurnSubmitter> logger)
{
    public const string NotSentText = "The turn could not be queued. Please try again.";

    /// <summary>Submits <paramref name="submission"/>; the caller maps the outcome to its own answer.</summary>
    /// <param name="cancellationToken">Also bounds the send: a consumer passes a <see cref="PublishDeadline"/>.</param>
    public async Task<SubmitOutcome> SubmitAsync(TurnSubmission submission, CancellationToken cancellationToken)
    {
        var message = submission as MessageSubmission;
        var arrivedAt = message?.ArrivedAt ?? time.GetUtcNow();
        // Resolved first: a retry is recognised by the message as it was stored, its attachment block included.
        var files = message is null ? [] : await workspace.ResolveAsync(submission.UserId, message.FileIds, cancellationToken);
        var text = message is null ? "" : files.Count > 0 ? message.Text + WorkspaceFiles.AttachmentBlock(files) : message.Text;

        await using var locked = await writeLock.TakeAsync(submission.SessionId, cancellationToken);
        var running = await turns.GetMetaAsync(submission.SessionId) is { IsRunning: true } meta ? meta : null;
        if (running is not null)
        {
            var repeated = await FindRepeatedAsync(submission.SessionId, text, cancellationToken);
            if (message is null)
            {
                // The running turn takes the follow-ups in at its next tool boundary, or continues them when it ends.
                return new SubmitOutcome.NothingToRun(submission.SessionId);
            }

            // A retry of the message that started the running turn re-attaches to it, and so does an empty send, having
            // nothing to queue; anything else is a follow-up.
            var joins = text.Length == 0 || (repeated is not null && (repeated.TurnId ?? running.TurnId) == running.TurnId);
            return joins ? new SubmitOutcome.Attached(submission.SessionId, running.TurnId) : await QueueAsync(message, files, arrivedAt);
        }

        var turnId = Guid.NewGuid();
        if (message is null)
        {
            if ((await followUpBuffer.PeekAsync(submission.SessionId)).Count == 0)
            {
                return new SubmitOutcome.NothingToRun(submission.SessionId);
            }

            LogContinuing(submission.SessionId, turnId);
        }

        // The reservation usage is about to make is owed back from now on: if this process dies before the turn is
        // recorded (or while it is, with PostgreSQL slow), nothing would ever end it, and the executors' sweep releases it.
        if (!string.IsNullOrEmpty(submission.UserId))
        {
            await turns.OweReleaseAsync(submission.SessionId, turnId, submission.UserId);
        }

        // Usage's answer (a call to another service) is awaited while the database is read, not after it. Only the
        // database read is awaited first: it runs on this scope's context, which must not outlive the call.
        var admitting = AdmitAsync(submission, turnId, cancellationToken);
        try
        {
            if (await RecordAsync(submission, message, text, turnId, admitting, cancellationToken) is { } decided)
            {
                return decided;
            }
        }
        catch
        {
            // Failed or cancelled (the client gave up) before the turn was recorded: nothing will ever end it, so its
            // reservation would hold the user's budget until its TTL.
            _ = ReleaseOnceAdmittedAsync(submission.UserId, turnId, admitting);
            throw;
        }

        await SendAsync(TurnOf(submission, turnId, text, files, arrivedAt), time.GetUtcNow(), cancellationToken);
        return new SubmitOutcome.Started(submission.SessionId, turnId);
    }

    /// <summary>
    /// Decides a submission no turn is running for, under the write lock: refused by usage, a retry of a stored message,
    /// a session deleted meanwhile, or a turn someone else started first. Null when the turn is recorded, to be sent.
    /// </summary>
    private async Task<SubmitOutcome?> RecordAsync(TurnSubmission submission, MessageSubmission? message, string text, Guid turnId,
        Task<TurnAdmission> admitting, CancellationToken cancellationToken)
    {
        var stored = await FindRepeatedAsync(submission.SessionId, text, cancellationToken);
        var verdict = await admitting;
        if (!verdict.Allowed && message is not null)
        {
            // Refused, nothing was reserved.
            _ = closer.SettleAsync(turnId, TurnEndDuty.Announcement);
            LogRefused(submission.SessionId, turnId, submission.Origin);
            return new SubmitOutcome.Refused(submission.SessionId, verdict);
        }

        if (stored is not null)
        {
            // The turn the stored copy started, not whatever the session ran last: that may be an earlier message's answer.
            LogRepeated(submission.SessionId, stored.TurnId);
            ReleaseUnstarted(submission.UserId, turnId);
            return new SubmitOutcome.Attached(submission.SessionId, stored.TurnId);
        }

        if (text.Length > 0 && !await TryAppendAsync(submission, text, turnId, cancellationToken))
        {
            ReleaseUnstarted(submission.UserId, turnId);
            return new SubmitOutcome.SessionGone(submission.SessionId);
        }

        if (!await turns.TryCreateTurnAsync(submission.SessionId, turnId, submission.UserId, submission.Origin))
        {
            // Only without the write lock (Redis degraded): another submission started a turn first. A message is stored
            // by now, so it follows that turn rather than being queued a second time.
            ReleaseUnstarted(submission.UserId, turnId);
            return message is null
                ? new SubmitOutcome.NothingToRun(submission.SessionId)
                : new SubmitOutcome.Attached(submission.SessionId, (await turns.GetMetaAsync(submission.SessionId))?.TurnId);
        }

        return null;
    }

    private async Task ReleaseOnceAdmittedAsync(string userId, Guid turnId, Task<TurnAdmission> admitting)
    {
        try
        {
            await admitting;
        }
        catch (Exception)
        {
            // The admission failed with the submission (cancelled with it): whether usage reserved anything is unknown,
            // so the release goes anyway.
        }

        ReleaseUnstarted(userId, turnId);
    }

    private async Task<RepeatedMessage?> FindRepeatedAsync(Guid sessionId, string text, CancellationToken cancellationToken) =>
        text.Length > 0 ? await history.FindRepeatedAsync(sessionId, text, cancellationToken) : null;

    /// <summary>What the executors get: a message with its stored text and files, or follow-ups with the finished turn's settings.</summary>
    private static RunCopilotTurn TurnOf(
        TurnSubmission submission, Guid turnId, string text, IReadOnlyList<AttachedFile> files, DateTimeOffset arrivedAt) => submission switch
    {
        MessageSubmission sent => new RunCopilotTurn(sent.SessionId, turnId, sent.UserId, text, IsUserMessage: true, arrivedAt,
            sent.ModelTier, sent.Mode, sent.Origin, sent.Permissions, files.Count > 0 ? [.. files.Select(f => f.Id)] : null, sent.Context,
            SessionTitled: sent.Session.Title is not null),
        FollowUpSubmission followUps => followUps.Finished with
        {
            TurnId = turnId, Message = "", IsUserMessage = true, RequestArrivalAt = arrivedAt, Origin = followUps.Origin,
            FileIds = null, Context = null,
        },
        _ => throw new UnreachableException($"{submission.GetType().Name} is not a kind of submission."),
    };

    /// <summary>
    /// Appends the message, tagged with its turn: the executor finds "this turn's input" by id, whatever notices land
    /// around it. False when the session was deleted since its owner was checked (a delete racing the send).
    /// </summary>
    private async Task<bool> TryAppendAsync(TurnSubmission submission, string text, Guid turnId, CancellationToken cancellationToken)
    {
        try
        {
            await history.AppendAsync(submission.SessionId,
                [new ChatMessage { Role = ChatRoles.User, Content = text, TurnId = turnId }], cancellationToken);
            return true;
        }
        catch (Exception exception) when (PermanentDataFailures.IsSessionGone(exception))
        {
            LogSessionGone(submission.SessionId);
            return false;
        }
    }

    private async Task<SubmitOutcome> QueueAsync(MessageSubmission message, IReadOnlyList<AttachedFile> files, DateTimeOffset arrivedAt)
    {
        if (message.LimitQueueing && await followUpBuffer.CountQueueCallAsync(message.UserId) > FollowUpBuffer.CallLimit)
        {
            return new SubmitOutcome.Throttled(message.SessionId);
        }

        var length = await followUpBuffer.PushAsync(message.SessionId, new FollowUp(message.Text, [.. files.Select(f => f.Id.ToString())],
            FollowUpContext.From(message.Context), arrivedAt.ToUnixTimeMilliseconds() / 1000.0));
        return new SubmitOutcome.Queued(message.SessionId, length);
    }

    /// <summary>
    /// Usage's word on the turn about to start, which also reserves its estimated cost. Queued follow-ups ride the
    /// running turn, whose rounds usage checks, so they never come here. A continuation is admitted against exact
    /// counters: the finished turn's last calls are charged and its leftover reservation freed first, so neither bus
    /// lag nor the finished turn holds it back.
    /// </summary>
    private async Task<TurnAdmission> AdmitAsync(TurnSubmission submission, Guid turnId, CancellationToken cancellationToken)
    {
        if (submission is not FollowUpSubmission followUps)
        {
            return await admission.AdmitAsync(submission.UserId, turnId, cancellationToken);
        }

        if (string.IsNullOrEmpty(submission.UserId))
        {
            return TurnAdmission.Allow;
        }

        await admission.ReleaseAsync(submission.UserId, followUps.Finished.TurnId);
        var verdict = await admission.ExtendAsync(submission.UserId, turnId, followUps.UnconfirmedCharges, cancellationToken);
        if (!verdict.Allowed)
        {
            // It still starts: the turn is what stores the drained follow-ups in the conversation. Its first round's
            // check ends it with the usage-limit card (the text chat's 429 carries), and the model never runs.
            LogContinuationRefused(submission.SessionId, turnId);
        }

        return verdict;
    }

    /// <summary>
    /// An admitted turn that will not run gives its reservation back (in the background: the caller's answer does
    /// not depend on it, and the reservation lapses on its own if the call fails).
    /// </summary>
    private void ReleaseUnstarted(string userId, Guid turnId)
    {
        if (!string.IsNullOrEmpty(userId))
        {
            _ = ReleaseAndSettleAsync(userId, turnId);
        }
    }

    /// <summary>Once usage confirms the release, the reservation is no longer owed; else the executors' sweep releases it.</summary>
    private async Task ReleaseAndSettleAsync(string userId, Guid turnId)
    {
        if (await admission.ReleaseAsync(userId, turnId))
        {
            await closer.SettleAsync(turnId, TurnEndDuty.Announcement);
        }
    }

    /// <summary>
    /// A turn that cannot be sent is ended at once: nobody would ever run it, and the session would otherwise stay busy
    /// until the stuck-turn watchdog. Follow-ups were only peeked, so they stay queued for the session's next turn.
    /// </summary>
    private async Task SendAsync(RunCopilotTurn turn, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await sendEndpoints.GetSendEndpoint(QueueNames.Address(QueueNames.RunCopilotTurn));
            await endpoint.Send(turn, cancellationToken);
        }
        catch (Exception exception)
        {
            LogNotSent(exception, turn.SessionId, turn.TurnId);
            await closer.CloseAsync(new TurnMeta(turn.SessionId, turn.TurnId, TurnStatus.Running, turn.UserId, recordedAt, turn.Origin, Owner: null),
                TurnEnding.NotSent(NotSentText));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage refused turn {TurnId} ({Origin}) of session {SessionId}")]
    private partial void LogRefused(Guid sessionId, Guid turnId, string origin);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Usage refused the continuation turn {TurnId} of session {SessionId}; it starts only to store the follow-ups and end with the limit")]
    private partial void LogContinuationRefused(Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate message for session {SessionId}; re-attaching to turn {TurnId}")]
    private partial void LogRepeated(Guid sessionId, Guid? turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued follow-ups remain in session {SessionId}; starting turn {TurnId} for them")]
    private partial void LogContinuing(Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} was deleted while a message was submitted to it")]
    private partial void LogSessionGone(Guid sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue turn {TurnId} of session {SessionId}")]
    private partial void LogNotSent(Exception exception, Guid sessionId, Guid turnId);
}
