using System.Security.Claims;
using Copilot.Chat.Data;
using Copilot.Chat.Pending;
using Copilot.Chat.Streaming;
using Copilot.Chat.Workspace;
using Copilot.ChatApi.Models;
using Copilot.ChatApi.Sse;
using Copilot.Chat.Turns;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Copilot.ChatApi.Apis;

/// <summary>Starting, queueing, resuming and detaching from a session's turn stream.</summary>
public static class StreamApi
{
    /// <summary>
    /// Starts a turn and streams it, or — when a turn is already running — queues the message for that turn (202).
    /// The order matters: attachments, then the busy check (a retry is recognised by the message as it was stored, its
    /// attachment block included), then the starter's cost admission and idempotent append (a refused turn is a 429
    /// carrying usage's text and stores nothing).
    /// </summary>
    public static async Task<Results<UiMessageStreamResult, Accepted<QueuePendingMessageResponse>, ProblemHttpResult>> StartOrQueue(
        Guid sessionId, StreamChatRequest request, ClaimsPrincipal user, [AsParameters] ChatServices services,
        CancellationToken cancellationToken)
    {
        var arrival = services.Time.GetUtcNow();
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        var userId = user.GetUserId();
        var files = await services.Workspace.ResolveAsync(userId, request.FileIds, cancellationToken);
        var message = files.Count > 0 ? request.Message + WorkspaceFiles.AttachmentBlock(files) : request.Message;
        if (request.IsUserMessage && !string.IsNullOrEmpty(request.Message)
            && await services.Registry.GetMetaAsync(sessionId) is { IsRunning: true } running)
        {
            // A retry of the message that started the running turn re-attaches to it; anything else is a follow-up.
            return await services.Starter.FindDuplicateAsync(sessionId, ChatRoles.User, message!, cancellationToken) is { } duplicate
                && (duplicate.TurnId ?? running.TurnId) == running.TurnId
                ? new UiMessageStreamResult(sessionId, running.TurnId, StreamEntryId.Zero)
                : await QueueAsync(sessionId, userId, request, files, services, arrival, cancellationToken);
        }

        var turnId = Guid.NewGuid();
        IReadOnlyList<Guid>? fileIds = files.Count > 0 ? files.Select(f => f.Id).ToList() : null;
        var start = await services.Starter.StartAsync(session, new TurnRequest(
            turnId, message, request.IsUserMessage, request.Model ?? ModelTiers.Standard, request.Mode,
            request.Context, fileIds, arrival), cancellationToken);
        if (start.Refusal is { } refusal)
        {
            return TypedResults.Problem(detail: refusal.RefusalText, statusCode: StatusCodes.Status429TooManyRequests);
        }

        if (start.SessionBusy)
        {
            // Another send started a turn a moment ago: this message becomes its follow-up.
            return await QueueAsync(sessionId, userId, request, files, services, arrival, cancellationToken);
        }

        var streamedTurn = start.IsDuplicate ? await WaitForDuplicatedTurnAsync(services.Registry, sessionId, start.TurnId, cancellationToken) : start.TurnId;
        return new UiMessageStreamResult(sessionId, streamedTurn, StreamEntryId.Zero);
    }

    public static async Task<Results<UiMessageStreamResult, NoContent, ProblemHttpResult>> Resume(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken cancellationToken)
    {
        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        var meta = await services.Registry.GetMetaAsync(sessionId);
        var resuming = StreamEntryId.TryParse(lastEventId, out var after);
        // A client cut off just before its turn ended still gets the rest of it: a finished turn's stream is kept for
        // replay (Copilot:Streams:CompletedTtl). Without Last-Event-ID there is nothing to continue once it ended.
        if (meta is null || (!meta.IsRunning && !resuming))
        {
            return TypedResults.NoContent();
        }

        return new UiMessageStreamResult(sessionId, meta.TurnId, after);
    }

    /// <summary>Detaches every client streaming this session, on every replica; the turn itself keeps running.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Disconnect(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, CancellationToken cancellationToken)
    {
        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        if (await services.Registry.GetMetaAsync(sessionId) is { } meta)
        {
            await services.Notifications.DisconnectListenersAsync(meta.TurnId);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PeekPendingMessagesResponse>, ProblemHttpResult>> PeekPending(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, CancellationToken cancellationToken)
    {
        var session = await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        var pending = await services.Pending.PeekAsync(sessionId);
        return TypedResults.Ok(new PeekPendingMessagesResponse(pending.Select(p => p.Content).ToList(), pending.Count));
    }

    private static async Task<Results<UiMessageStreamResult, Accepted<QueuePendingMessageResponse>, ProblemHttpResult>> QueueAsync(
        Guid sessionId, string userId, StreamChatRequest request, IReadOnlyList<AttachedFile> files, ChatServices services,
        DateTimeOffset arrival, CancellationToken cancellationToken)
    {
        if (await services.Pending.CountQueueCallAsync(userId) > PendingBuffer.CallLimit)
        {
            return TypedResults.Problem(
                detail: $"Too many queued message requests this minute: limit is {PendingBuffer.CallLimit} per {(int)PendingBuffer.CallWindow.TotalSeconds}s across all sessions",
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var queued = await services.Queue.QueueAsync(sessionId, new PendingMessage(
            request.Message!, files.Select(f => f.Id.ToString()).ToList(), PendingMessageContext.From(request.Context),
            arrival.ToUnixTimeMilliseconds() / 1000.0));
        var stillRunning = await services.Registry.GetMetaAsync(sessionId) is { IsRunning: true };
        return TypedResults.Accepted((string?)null, new QueuePendingMessageResponse(queued.PendingBufferLength, PendingBuffer.MaxMessages, stillRunning));
    }

    /// <summary>
    /// A duplicate request may arrive after the original stored its message but before it recorded its turn; give
    /// the original a moment (3 × 100 ms) to record it. The duplicated message's own turn is streamed — running or
    /// already finished (its stream is kept for replay) — and never another message's turn.
    /// </summary>
    private static async Task<Guid?> WaitForDuplicatedTurnAsync(
        StreamRegistry registry, Guid sessionId, Guid? duplicatedTurn, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var meta = await registry.GetMetaAsync(sessionId);
            if (meta is not null && (duplicatedTurn is null ? meta.IsRunning : meta.TurnId == duplicatedTurn))
            {
                return meta.TurnId;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return null;
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

        if (request.Message is { Length: > PendingMessage.MaxContentLength })
        {
            return Problems.Validation($"message may be at most {PendingMessage.MaxContentLength} characters.");
        }

        if (!CopilotModes.IsValid(request.Mode))
        {
            return Problems.Validation("mode must be 'fast' or 'extended_thinking'.");
        }

        return ModelTiers.IsValid(request.Model) ? null : Problems.Validation("model must be 'standard' or 'advanced'.");
    }
}
