using Copilot.Chat.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Copilot.Chat.Turns;

/// <summary>
/// The session's short write lock, under which <see cref="TurnSubmitter"/> decides between starting a turn and
/// queueing, so two submissions racing on an idle session cannot both start one. When Redis cannot give the lock in
/// time the submission goes on unserialised: recording the turn is still a compare-and-set, and PostgreSQL keeps the
/// append idempotent.
/// </summary>
public sealed partial class SessionWriteLock(IConnectionMultiplexer redis, ILogger<SessionWriteLock> logger)
{
    private const string Owner = "turn-submitter";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    /// <summary>Takes the lock, waiting up to 2 s; disposing the result releases it (when it was taken at all).</summary>
    public async Task<IAsyncDisposable> TakeAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var lease = await RedisLease.AcquireAsync(redis.GetDatabase(), RedisKeys.SessionWriteLock(sessionId), Owner, Duration, Wait,
                cancellationToken);
            if (lease is null)
            {
                LogBusy(sessionId);
            }

            return new Held(this, lease, sessionId);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            LogUnavailable(exception, sessionId);
            return new Held(this, null, sessionId);
        }
    }

    private async Task ReleaseQuietlyAsync(RedisLease lease, Guid sessionId)
    {
        try
        {
            await lease.ReleaseAsync();
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            // The lease expires on its own; a failed release only delays the next writer by its TTL.
            LogUnavailable(exception, sessionId);
        }
    }

    private sealed class Held(SessionWriteLock owner, RedisLease? lease, Guid sessionId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (lease is not null)
            {
                await owner.ReleaseQuietlyAsync(lease, sessionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not acquire session lock for {SessionId} within 2s")]
    private partial void LogBusy(Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for session lock on {SessionId}")]
    private partial void LogUnavailable(Exception exception, Guid sessionId);
}
