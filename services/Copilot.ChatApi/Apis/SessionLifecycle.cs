using System.Security.Claims;
using Copilot.Chat.Redis;
using Copilot.Chat.Turns;
using Copilot.ChatApi.Models;
using Copilot.Contracts;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.ChatApi.Apis;

/// <summary>Stopping a turn and deleting a session: the two operations that must leave no turn running behind.</summary>
public static class SessionLifecycle
{
    public const string CancelledText = "Cancelled";
    public const string DeletedText = "Session deleted";
    private static readonly TimeSpan CancelPollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Asks every executor to stop the session's turn, waits up to 5 s for it to end, and otherwise ends it here,
    /// which also force-releases the session lock so a new message starts at once.
    /// </summary>
    public static async Task<Results<Ok<CancelSessionResponse>, ProblemHttpResult>> CancelTurn(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, TurnEnder ender, CancellationToken cancellationToken)
    {
        if (await ChatApi.FindOwnedSessionAsync(services.Sessions, sessionId, user, cancellationToken) is null)
        {
            return Problems.SessionNotFound(sessionId);
        }

        var meta = await services.Registry.GetMetaAsync(sessionId);
        if (meta is not { IsRunning: true })
        {
            return TypedResults.Ok(new CancelSessionResponse(false, "no_active_session"));
        }

        await services.Publish.Publish(new CancelCopilotTurn(sessionId, meta.TurnId, services.Time.GetUtcNow()), cancellationToken);
        var deadline = services.Time.GetUtcNow() + CancelWait;
        while (services.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(CancelPollInterval, cancellationToken);
            if (await services.Registry.GetMetaAsync(sessionId) is not { IsRunning: true } current || current.TurnId != meta.TurnId)
            {
                return TypedResults.Ok(new CancelSessionResponse(true, null));
            }
        }

        await ender.EndAsync(meta, TurnEnding.ForcedStop(CancelledText));
        return TypedResults.Ok(new CancelSessionResponse(true, "force_completed"));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSession(
        Guid sessionId, ClaimsPrincipal user, [AsParameters] ChatServices services, TurnEnder ender, IConnectionMultiplexer redis,
        CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var session = await services.Db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        if (session is null)
        {
            return Problems.SessionNotFound(sessionId);
        }

        if (await services.Registry.GetMetaAsync(sessionId) is { } meta)
        {
            if (meta.IsRunning)
            {
                await services.Publish.Publish(new CancelCopilotTurn(sessionId, meta.TurnId, services.Time.GetUtcNow()), cancellationToken);
                await ender.EndAsync(meta, TurnEnding.SessionDeleted(DeletedText));
            }

            await redis.GetDatabase().KeyDeleteAsync([RedisKeys.TurnStream(meta.TurnId)]);
        }

        await redis.GetDatabase().KeyDeleteAsync([RedisKeys.TurnMeta(sessionId), RedisKeys.Pending(sessionId)]);
        services.Db.Sessions.Remove(session);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
