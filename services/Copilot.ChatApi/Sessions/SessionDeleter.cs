using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.ChatApi.Sessions;

/// <summary>Deletes a session with everything it keeps in Redis, leaving no turn running behind.</summary>
public sealed partial class SessionDeleter(
    ChatDbContext db,
    TurnStore turns,
    TurnEnder ender,
    IConnectionMultiplexer redis,
    IPublishEndpoint publish,
    TimeProvider time,
    ILogger<SessionDeleter> logger)
{
    public const string DeletedText = "Session deleted";

    /// <returns>False when the user owns no such session (a foreign one is reported exactly like a missing one).</returns>
    public async Task<bool> DeleteAsync(Guid sessionId, string userId, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        if (session is null)
        {
            return false;
        }

        if (await turns.GetMetaAsync(sessionId) is { } meta)
        {
            if (meta.IsRunning)
            {
                // Stops the worker at once; the turn is ended here without waiting, since nobody will read its answer.
                await publish.Publish(new CancelCopilotTurn(sessionId, meta.TurnId, time.GetUtcNow()), cancellationToken);
                await ender.EndAsync(meta, TurnEnding.SessionDeleted(DeletedText));
            }

            await redis.GetDatabase().KeyDeleteAsync([RedisKeys.TurnStream(meta.TurnId)]);
        }

        await redis.GetDatabase().KeyDeleteAsync(
            [RedisKeys.TurnMeta(sessionId), RedisKeys.FollowUps(sessionId), RedisKeys.FollowUpClaim(sessionId), RedisKeys.FollowUpClaimOwner(sessionId)]);
        db.Sessions.Remove(session);
        await db.SaveChangesAsync(cancellationToken);
        await AnnounceAsync(sessionId, userId);
        return true;
    }

    /// <summary>
    /// After the rows are gone, and never failing the delete: the executors' periodic sweep removes what a lost notice
    /// leaves behind.
    /// </summary>
    private async Task AnnounceAsync(Guid sessionId, string userId)
    {
        try
        {
            await publish.Publish(new ChatSessionDeleted(sessionId, userId, time.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAnnounceFailed(exception, sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} was deleted but the executors were not told; their sweep will clean up")]
    private partial void LogAnnounceFailed(Exception exception, Guid sessionId);
}
