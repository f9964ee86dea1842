using System.Security.Claims;
using Copilot.Chat.Streaming;
using Copilot.ChatApi.Models;
using Copilot.ChatApi.Sse;
using Copilot.ChatApi.Turns;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Copilot.ChatApi.Apis;

public static class StreamApi
{
    public static async Task<Results<UiMessageStreamResult, ProblemHttpResult>> StartOrQueue(
        Guid sessionId, StreamChatRequest request, ClaimsPrincipal user, [AsParameters] ChatServices services,
        CancellationToken cancellationToken)
    {
        var arrival = services.Time.GetUtcNow();
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var session = await ChatApi.FindOwnedSessionAsync(services.Db, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound(sessionId);
        }

        var start = await services.Starter.StartAsync(session, new TurnRequest(
            request.Message, request.IsUserMessage, request.Model ?? ModelTiers.Standard, request.Mode,
            request.Context, FileIds: null, arrival), cancellationToken);
        return new UiMessageStreamResult(start.TurnId, StreamEntryId.Zero);
    }

    public static async Task<Results<UiMessageStreamResult, NoContent, ProblemHttpResult>> Resume(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId, CancellationToken cancellationToken)
    {
        var session = await ChatApi.FindOwnedSessionAsync(services.Db, sessionId, user, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound(sessionId);
        }

        var meta = await services.Registry.GetMetaAsync(sessionId);
        if (meta is not { IsRunning: true })
        {
            return TypedResults.NoContent();
        }

        StreamEntryId.TryParse(lastEventId, out var after);
        return new UiMessageStreamResult(meta.TurnId, after);
    }

    private static ProblemHttpResult? Validate(StreamChatRequest request)
    {
        if (request.FileIds is { Count: > StreamChatRequest.MaxFileIds })
        {
            return Problems.Validation($"file_ids may hold at most {StreamChatRequest.MaxFileIds} ids.");
        }

        if (!CopilotModes.IsValid(request.Mode))
        {
            return Problems.Validation("mode must be 'fast' or 'extended_thinking'.");
        }

        return ModelTiers.IsValid(request.Model) ? null : Problems.Validation("model must be 'standard' or 'advanced'.");
    }
}
