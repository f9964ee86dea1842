using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Copilot.Executor.Turns;

/// <summary>
/// Takes and keeps the session lock a turn runs under. The lock is busy when a turn is redelivered while its previous
/// worker's lease has not lapsed yet (that worker died, or a broker outage cut it off), so taking it waits a whole
/// lease plus a margin before giving up.
/// </summary>
public sealed partial class SessionLeases(
    IConnectionMultiplexer redis,
    TurnStore turns,
    TurnEnder ender,
    ExecutorIdentity identity,
    IOptions<ExecutorOptions> options,
    TimeProvider time,
    ILogger<SessionLeases> logger)
{
    public const string SessionBusyText = "This conversation is still busy with an earlier request. Please try again in a moment.";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The session's lease for <paramref name="turn"/>, or null when the turn must not run here: it ended meanwhile,
    /// it is running on a live worker (a duplicate delivery), or the lock stayed held too long — then the turn is
    /// ended as failed so the user is not left waiting for the watchdog.
    /// </summary>
    public async Task<RedisLease?> AcquireAsync(RunCopilotTurn turn, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = RedisKeys.SessionLock(turn.SessionId);
        var deadline = time.GetUtcNow() + options.Value.LockWaitWindow;
        while (true)
        {
            if (await RedisLease.TryAcquireAsync(db, key, identity.Id, options.Value.LockLease) is { } lease)
            {
                return lease;
            }

            if (time.GetUtcNow() >= deadline)
            {
                break;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
            if (await turns.GetMetaAsync(turn.SessionId) is not { IsRunning: true } meta || meta.TurnId != turn.TurnId)
            {
                return null;
            }
        }

        // A holder that kept its lease alive for a whole window is a live worker. If it owns this very turn, the turn
        // is in good hands; anything else (a lock nobody should hold) would leave the turn hanging, so it fails now.
        var holder = (string?)await db.StringGetAsync(key);
        var current = await turns.GetMetaAsync(turn.SessionId);
        if (holder is not null && current is { IsRunning: true } && current.TurnId == turn.TurnId && current.Owner == holder)
        {
            LogRunningElsewhere(turn.TurnId, holder);
            return null;
        }

        LogLockWaitExhausted(turn.TurnId, options.Value.LockWaitWindow, holder);
        if (current is { IsRunning: true } && current.TurnId == turn.TurnId)
        {
            await ender.EndAsync(current, TurnEnding.Failed(SessionBusyText) with { FollowUps = new FollowUpSubmission(turn, []) });
        }

        return null;
    }

    /// <summary>
    /// Renews the lease at a third of its duration while this worker still owns the running turn. Once it does not —
    /// the turn was ended elsewhere (Stop's fallback, the watchdog) or taken over — the turn is cancelled.
    /// </summary>
    public async Task KeepAsync(Guid sessionId, Guid turnId, RedisLease lease, CancellationTokenSource turnCancellation)
    {
        using var timer = new PeriodicTimer(lease.Duration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(turnCancellation.Token))
            {
                try
                {
                    if (!await turns.RenewTurnLeaseAsync(sessionId, turnId, lease))
                    {
                        LogLeaseLost(lease.Key.ToString());
                        await turnCancellation.CancelAsync();
                        return;
                    }
                }
                catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
                {
                    // Try again next tick: a Redis blip shorter than the lease costs nothing, a longer one ends in a
                    // refused renewal above.
                    LogLeaseRenewalFailed(exception, lease.Key.ToString());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The turn ended.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} is running on a live worker holding {Holder}; skipping this delivery")]
    private partial void LogRunningElsewhere(Guid turnId, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} could not take its session lock within {Window} (held by {Holder}); ending it as failed")]
    private partial void LogLockWaitExhausted(Guid turnId, TimeSpan window, string? holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the session lease {LockKey}; stopping the turn")]
    private partial void LogLeaseLost(string lockKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the session lease {LockKey}")]
    private partial void LogLeaseRenewalFailed(Exception exception, string lockKey);
}
