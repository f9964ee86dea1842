using System.Security.Claims;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.ChatApi.Models;
using Copilot.ServiceDefaults.Authentication;
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
        sessions.MapPost("/{sessionId:guid}/stream", StreamApi.StartOrQueue);
        sessions.MapGet("/{sessionId:guid}/stream", StreamApi.Resume);
        return app;
    }

    public static async Task<Created<SessionCreatedResponse>> CreateSession(
        [FromBody] CreateSessionRequest? request, ClaimsPrincipal user, [AsParameters] ChatServices services, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var metadata = JsonSerializer.Serialize(new { dry_run = request?.DryRun ?? false });
        var session = new ChatSession
        {
            Id = Guid.NewGuid(),
            UserId = user.GetUserId(),
            CreatedAt = now,
            UpdatedAt = now,
            Metadata = metadata,
        };
        services.Db.Sessions.Add(session);
        await services.Db.SaveChangesAsync(cancellationToken);
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
        var running = await services.Registry.AreRunningAsync(page.Select(s => s.Id).ToList());
        return TypedResults.Ok(new SessionListResponse(
            page.Select(s => new SessionSummary(s.Id, s.CreatedAt, s.UpdatedAt, s.Title, running.GetValueOrDefault(s.Id))).ToList(),
            total));
    }

    public static async Task<Results<Ok<SessionDetailResponse>, ProblemHttpResult>> GetSession(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, CancellationToken cancellationToken,
        int limit = 50, int? beforeSequence = null)
    {
        if (limit is < 1 or > 200 || beforeSequence is < 0)
        {
            return Problems.Validation("limit must be between 1 and 200 and before_sequence must not be negative.");
        }

        var session = await FindOwnedSessionAsync(services.Db, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound(sessionId);
        }

        var query = services.Db.Messages.AsNoTracking().Where(m => m.SessionId == sessionId);
        if (beforeSequence is { } before)
        {
            query = query.Where(m => m.Sequence < before);
        }

        var newestFirst = await query.OrderByDescending(m => m.Sequence).Take(limit + 1).ToListAsync(cancellationToken);
        var hasMore = newestFirst.Count > limit;
        var page = newestFirst.Take(limit).Reverse().ToList();

        ActiveStream? activeStream = null;
        if (beforeSequence is null && await services.Registry.GetMetaAsync(sessionId) is { IsRunning: true } meta)
        {
            activeStream = new ActiveStream(meta.TurnId, "0-0");
        }

        return TypedResults.Ok(new SessionDetailResponse(
            session.Id, session.CreatedAt, session.UpdatedAt, session.UserId, session.Title,
            page.Select(ToResponse).ToList(), activeStream, hasMore, page.FirstOrDefault()?.Sequence, ParseMetadata(session.Metadata)));
    }

    /// <summary>A session owned by someone else is reported exactly like a missing one.</summary>
    internal static Task<ChatSession?> FindOwnedSessionAsync(ChatDbContext db, Guid sessionId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        return db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
    }

    private static MessageResponse ToResponse(ChatMessage message) => new(
        message.Sequence, message.Role, message.Content,
        message.ToolCalls is null ? null : JsonDocument.Parse(message.ToolCalls).RootElement,
        message.ToolCallId, message.Name, message.CreatedAt);

    private static JsonElement ParseMetadata(string metadata) => JsonDocument.Parse(metadata).RootElement;
}
