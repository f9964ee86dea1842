using System.Security.Claims;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Sessions;
using Copilot.ChatApi.History;
using Copilot.ChatApi.Models;
using Copilot.ServiceDefaults.Authentication;
using Copilot.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Copilot.ChatApi.Apis;

public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/chat/sessions").WithTags("Chat");

        sessions.MapPost("/", CreateSession);
        sessions.MapGet("/", ListSessions);
        sessions.MapGet("/{sessionId:guid}", GetSession);
        sessions.MapPatch("/{sessionId:guid}/title", RenameSession);
        sessions.MapPatch("/{sessionId:guid}/assign-user", AssignUser);
        sessions.MapDelete("/{sessionId:guid}", SessionLifecycle.DeleteSession);
        sessions.MapPost("/{sessionId:guid}/cancel", SessionLifecycle.CancelTurn);
        sessions.MapPost("/{sessionId:guid}/stream", StreamApi.StartOrQueue);
        sessions.MapGet("/{sessionId:guid}/stream", StreamApi.Resume);
        sessions.MapDelete("/{sessionId:guid}/stream", StreamApi.Disconnect);
        sessions.MapGet("/{sessionId:guid}/messages/pending", StreamApi.PeekFollowUps);
        sessions.MapPost("/{sessionId:guid}/messages/pending/withdraw", StreamApi.WithdrawFollowUp);
        return app;
    }

    /// <summary>The body is optional; when present it may only carry <c>dry_run</c> (unknown fields are rejected).</summary>
    public static async Task<Results<Created<SessionCreatedResponse>, ProblemHttpResult>> CreateSession(
        HttpRequest httpRequest, ClaimsPrincipal user, [AsParameters] ChatServices services, CancellationToken cancellationToken)
    {
        var dryRun = false;
        if (httpRequest.ContentLength is not 0 && httpRequest.HasJsonContentType())
        {
            var body = await httpRequest.ReadFromJsonAsync<Dictionary<string, JsonElement>>(cancellationToken) ?? [];
            if (body.Keys.FirstOrDefault(key => key != "dry_run") is { } unknown)
            {
                return Problems.Validation($"Unknown field '{unknown}'.");
            }

            if (body.TryGetValue("dry_run", out var flag))
            {
                if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Problems.Validation("dry_run must be a boolean.");
                }

                dryRun = flag.GetBoolean();
            }
        }

        var session = await services.Sessions.CreateAsync(user.GetUserId(), new SessionMetadata(dryRun), title: null, cancellationToken);
        return TypedResults.Created($"/api/chat/sessions/{session.Id}",
            new SessionCreatedResponse(session.Id, session.CreatedAt, session.UserId, ParseMetadata(session.Metadata)));
    }

    public static async Task<Results<Ok<SessionListResponse>, ProblemHttpResult>> ListSessions(
        ClaimsPrincipal user, [AsParameters] ChatServices services, CancellationToken cancellationToken, int limit = 50, int offset = 0)
    {
        if (limit is < 1 or > 100 || offset < 0)
        {
            return Problems.Validation("limit must be between 1 and 100 and offset must not be negative.");
        }

        var userId = user.GetUserId();
        var owned = services.Db.Sessions.AsNoTracking().Where(s => s.UserId == userId);
        var total = await owned.CountAsync(cancellationToken);
        var page = await owned.OrderByDescending(s => s.UpdatedAt).Skip(offset).Take(limit)
            .Select(s => new { s.Id, s.CreatedAt, s.UpdatedAt, s.Title })
            .ToListAsync(cancellationToken);
        var running = await services.Turns.AreRunningAsync(page.Select(s => s.Id).ToList());
        return TypedResults.Ok(new SessionListResponse(
            page.Select(s => new SessionSummary(s.Id, s.CreatedAt, s.UpdatedAt, s.Title, running.GetValueOrDefault(s.Id))).ToList(),
            total));
    }

    public static async Task<Results<Ok<SessionDetailResponse>, ProblemHttpResult>> GetSession(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, HistoryPager pager,
        CancellationToken cancellationToken, int limit = 50, [FromQuery(Name = "before_sequence")] int? beforeSequence = null)
    {
        if (limit is < 1 or > 200 || beforeSequence is < 0)
        {
            return Problems.Validation("limit must be between 1 and 200 and before_sequence must not be negative.");
        }

        var session = await FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.NotFound(ProblemTexts.SessionNotFound(sessionId));
        }

        var page = await pager.GetPageAsync(sessionId, limit, beforeSequence, cancellationToken);

        // Only the newest page can be "live"; older pages are history by definition.
        ActiveStream? activeStream = null;
        if (beforeSequence is null && await services.Turns.GetMetaAsync(sessionId) is { IsRunning: true } meta)
        {
            activeStream = new ActiveStream(meta.TurnId, "0-0");
        }

        return TypedResults.Ok(new SessionDetailResponse(
            session.Id, session.CreatedAt, session.UpdatedAt, session.UserId, session.Title,
            page.Messages.Select(ToResponse).ToList(), activeStream, page.HasMore, page.OldestSequence,
            session.TotalPromptTokens, session.TotalCompletionTokens, ParseMetadata(session.Metadata)));
    }

    public static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> RenameSession(
        Guid sessionId, RenameSessionRequest request, ClaimsPrincipal user, [AsParameters] ChatServices services,
        CancellationToken cancellationToken)
    {
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            return Problems.Validation("Title must not be blank");
        }

        if (title.Length > 500)
        {
            return Problems.Validation("Title must be at most 500 characters");
        }

        var userId = user.GetUserId();
        var updated = await services.Db.Sessions.Where(s => s.Id == sessionId && s.UserId == userId)
            .ExecuteUpdateAsync(update => update.SetProperty(s => s.Title, title), cancellationToken);
        return updated == 0 ? Problems.NotFound(ProblemTexts.SessionNotFound(sessionId)) : TypedResults.Ok(new StatusResponse("ok"));
    }

    /// <summary>
    /// The seed's claim of an anonymous session after sign-in. Every session here has its owner from the start (chat
    /// needs a signed-in user), so there is nothing anonymous to claim: the owner's call succeeds and changes nothing,
    /// and a session of someone else is never handed over (the seed's own fix for CVE-2026-30950) and reads as missing.
    /// </summary>
    public static async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> AssignUser(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, CancellationToken cancellationToken) =>
        await FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken) is null
            ? Problems.NotFound(ProblemTexts.SessionNotFound(sessionId))
            : TypedResults.Ok(new StatusResponse("ok"));

    /// <summary>A session owned by someone else is reported exactly like a missing one.</summary>
    internal static Task<ChatSession?> FindOwnedSessionAsync(ChatSessions sessions, Guid sessionId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        sessions.FindOwnedAsync(sessionId, user.GetUserId(), cancellationToken);

    private static MessageResponse ToResponse(ChatMessage message) => new(
        message.Sequence, message.Role, message.Content,
        message.ToolCalls is null ? null : JsonDocument.Parse(message.ToolCalls).RootElement,
        message.ToolCallId, message.Name, message.CreatedAt, message.IsError);

    private static JsonElement ParseMetadata(string metadata) => JsonDocument.Parse(metadata).RootElement;
}
