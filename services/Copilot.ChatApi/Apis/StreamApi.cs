using System.Diagnostics;
using System.Security.Claims;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Sessions;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.ChatApi.Models;
using Copilot.ChatApi.Sse;
using Copilot.Contracts;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Copilot.ChatApi.Apis;

/// <summary>Starting, queueing, resuming and detaching from a session's turn stream.</summary>
public static class StreamApi
{
    /// <summary>Turns a client may still be reading when a later one started; older ones' streams have long expired.</summary>
    private const int EarlierTurnsSearched = 5;

    /// <summary>
    /// Starts a turn and streams it, or — when a turn is already running — queues the message for that turn (202).
    /// Everything but the request's own checks is <see cref="TurnSubmitter"/>'s; this maps what it did.
    /// </summary>
    public static async Task<Results<UiMessageStreamResult, Accepted<QueueFollowUpResponse>, ProblemHttpResult>> StartOrQueue(
        Guid sessionId, StreamChatRequest request, ClaimsPrincipal user, ChatSessions sessions, TurnSubmitter submitter, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var arrival = time.GetUtcNow();
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var session = await ChatApi.FindOwnedSessionAsync(sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        return ToResult(await submitter.SubmitAsync(new MessageSubmission(session, request.Message ?? "", TurnOrigins.Chat)
        {
            FileIds = request.FileIds,
            Context = request.Context,
            ModelTier = request.Model ?? ModelTiers.Standard,
            Mode = request.Mode,
            ArrivedAt = arrival,
            LimitQueueing = true,
        }, cancellationToken));
    }

    /// <summary>
    /// The answer to each thing a submission can come to: a turn started or joined is streamed from its start (a
    /// retried send gets the stream of the turn its stored copy started); a follow-up is a 202 with the buffer's
    /// length; a refusal by usage, or too many queued messages, is a 429 saying why; a session deleted meanwhile is
    /// the 404 of any session that does not exist.
    /// </summary>
    public static Results<UiMessageStreamResult, Accepted<QueueFollowUpResponse>, ProblemHttpResult> ToResult(SubmitOutcome submitted) =>
        submitted switch
        {
            SubmitOutcome.Started started => new UiMessageStreamResult(started.SessionId, started.TurnId, StreamEntryId.Zero),
            SubmitOutcome.Attached attached => new UiMessageStreamResult(attached.SessionId, attached.TurnId, StreamEntryId.Zero),
            // Queued only while a turn runs, for that turn to take in.
            SubmitOutcome.Queued queued => TypedResults.Accepted((string?)null,
                new QueueFollowUpResponse(queued.BufferLength, FollowUpBuffer.MaxMessages, TurnInFlight: true)),
            SubmitOutcome.Refused refused => TypedResults.Problem(detail: refused.Verdict.RefusalText, statusCode: StatusCodes.Status429TooManyRequests),
            SubmitOutcome.Throttled => TypedResults.Problem(
                detail: $"Too many queued message requests this minute: limit is {FollowUpBuffer.CallLimit} per {(int)FollowUpBuffer.CallWindow.TotalSeconds}s across all sessions",
                statusCode: StatusCodes.Status429TooManyRequests),
            SubmitOutcome.SessionGone gone => Problems.NotFound(ProblemTexts.SessionNotFound(gone.SessionId)),
            _ => throw new UnreachableException($"A message submission came to {submitted.GetType().Name}."),
        };

    public static async Task<Results<UiMessageStreamResult, NoContent, ProblemHttpResult>> Resume(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken cancellationToken)
    {
        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        var meta = await services.Turns.GetMetaAsync(sessionId);
        var resuming = StreamEntryId.TryParse(lastEventId, out var after);
        // A client cut off just before its turn ended still gets the rest of it: a finished turn's stream is kept for
        // replay (Copilot:Streams:CompletedTtl). Without Last-Event-ID there is nothing to continue once it ended.
        if (meta is null || (!meta.IsRunning && !resuming))
        {
            return TypedResults.NoContent();
        }

        var turnId = meta.TurnId;
        // 0-0 names no entry: it asks for the running (or just ended) turn from its start, as the session view offers.
        if (resuming && after != StreamEntryId.Zero && !await services.Turns.StreamHoldsAsync(turnId, after))
        {
            // The id is another turn's: the client was reading an earlier turn that ended while it was away, and a
            // follow-up's turn started since. It gets the rest of its own turn (kept for replay), never the new turn's
            // chunks spliced after it; the new turn it finds as after any end (history, then resume without an id).
            if (await EarlierTurnHoldingAsync(services, sessionId, turnId, after, cancellationToken) is not { } earlier)
            {
                return TypedResults.NoContent();
            }

            turnId = earlier;
        }

        return new UiMessageStreamResult(sessionId, turnId, after);
    }

    /// <summary>The session's recent earlier turn whose stream holds <paramref name="id"/>, when its stream is still kept.</summary>
    private static async Task<Guid?> EarlierTurnHoldingAsync(
        ChatServices services, Guid sessionId, Guid currentTurn, StreamEntryId id, CancellationToken cancellationToken)
    {
        var earlier = await services.Db.Messages.AsNoTracking()
            .Where(message => message.SessionId == sessionId && message.TurnId != null && message.TurnId != currentTurn)
            .GroupBy(message => message.TurnId!.Value)
            .OrderByDescending(turn => turn.Max(message => message.Sequence))
            .Select(turn => turn.Key)
            .Take(EarlierTurnsSearched)
            .ToListAsync(cancellationToken);
        foreach (var turn in earlier)
        {
            if (await services.Turns.StreamHoldsAsync(turn, id))
            {
                return turn;
            }
        }

        return null;
    }

    /// <summary>Detaches every client streaming this session, on every replica; the turn itself keeps running.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Disconnect(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, TurnNotificationHub notifications,
        CancellationToken cancellationToken)
    {
        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        if (await services.Turns.GetMetaAsync(sessionId) is { } meta)
        {
            await notifications.DisconnectListenersAsync(meta.TurnId);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PeekFollowUpsResponse>, ProblemHttpResult>> PeekFollowUps(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, FollowUpBuffer followUps, CancellationToken cancellationToken)
    {
        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        var queued = await followUps.PeekAsync(sessionId);
        return TypedResults.Ok(new PeekFollowUpsResponse(queued.Select(p => p.Content).ToList(), queued.Count));
    }

    /// <summary>
    /// Takes back one follow-up before the running turn delivers it. A message no longer queued (delivered a moment
    /// ago) is a 404 too, with its own text: the client then shows it as sent rather than withdrawn.
    /// </summary>
    public static async Task<Results<Ok<WithdrawFollowUpResponse>, ProblemHttpResult>> WithdrawFollowUp(
        Guid sessionId, WithdrawFollowUpRequest request, ClaimsPrincipal user, [AsParameters] ChatServices services, FollowUpBuffer followUps,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Message))
        {
            return Problems.Validation("message must name the queued message to withdraw.");
        }

        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        return await followUps.RemoveAsync(sessionId, request.Message) is { } left
            ? TypedResults.Ok(new WithdrawFollowUpResponse(Withdrawn: true, left))
            : Problems.NotFound(ProblemTexts.FollowUpNotQueued);
    }

    private static ProblemHttpResult? Validate(StreamChatRequest request)
    {
        if (!request.IsUserMessage)
        {
            // Only the platform speaks as the assistant: a client-written assistant row is an answer the model would
            // take as its own.
            return Problems.Validation("is_user_message: false is reserved for the platform's own callers.");
        }

        if (request.FileIds is { Count: > StreamChatRequest.MaxFileIds })
        {
            return Problems.Validation($"file_ids may hold at most {StreamChatRequest.MaxFileIds} ids.");
        }

        if (request.Message is { Length: > FollowUp.MaxContentLength })
        {
            return Problems.Validation($"message may be at most {FollowUp.MaxContentLength} characters.");
        }

        if (!TurnModes.IsValid(request.Mode))
        {
            return Problems.Validation(TurnModes.Invalid);
        }

        return ModelTiers.IsValid(request.Model) ? null : Problems.Validation("model must be 'standard' or 'advanced'.");
    }
}
