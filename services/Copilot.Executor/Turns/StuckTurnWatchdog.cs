using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// Ends turns whose stream has been silent for longer than any legitimate wait (twice the longest tool call), so a
/// turn whose worker vanished — or that no worker ever picked up — never stays <c>running</c>. Every replica runs
/// it; the compare-and-set in <see cref="TurnEnder"/> makes that harmless, and only the winner announces the end.
/// </summary>
public sealed partial class StuckTurnWatchdog(
    TurnStore turns,
    IServiceScopeFactory scopes,
    IOptions<ExecutorOptions> options,
    TimeProvider time,
    ILogger<StuckTurnWatchdog> logger)
    : BackgroundService
{
    public const string TimedOutText = "This turn stopped responding and was ended. Please try again.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleTimeout = options.Value.StreamIdleTimeout;
        using var timer = new PeriodicTimer(options.Value.WatchdogInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var sessionId in await turns.FindIdleTurnsAsync(idleTimeout))
                {
                    await EndIfStillIdleAsync(sessionId, idleTimeout);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception);
            }
        }
    }

    private async Task EndIfStillIdleAsync(Guid sessionId, TimeSpan idleTimeout)
    {
        // Re-checked per session: the sweep's list may be seconds old, and by now the turn may have written again or
        // ended, with the session's next turn just started.
        if (!await turns.IsStillIdleAsync(sessionId, idleTimeout))
        {
            return;
        }

        var meta = await turns.GetMetaAsync(sessionId);
        if (meta is not { IsRunning: true })
        {
            await turns.ForgetIdleAsync(sessionId);
            return;
        }

        // In the background, because a broker that is down holds the end's announcement for its whole deadline and
        // the sweep must go on.
        _ = EndAsync(meta, idleTimeout);
    }

    private async Task EndAsync(TurnMeta meta, TimeSpan idleTimeout)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var ending = TurnEnding.Failed(TimedOutText) with { FollowUps = FollowUpsOf(meta) };
            if (await scope.ServiceProvider.GetRequiredService<TurnEnder>().EndAsync(meta, ending))
            {
                LogEnded(meta.SessionId, (int)idleTimeout.TotalSeconds);
            }
        }
        catch (Exception exception)
        {
            LogEndFailed(exception, meta.SessionId);
        }
    }

    /// <summary>
    /// Like a worker ending its turn, the watchdog answers the follow-ups queued during it, with the standard model. A
    /// sub-session's turn, though, carries its parent's tool filter, which the turn record does not keep: rather than
    /// continue it with every tool, its follow-ups wait for the parent's next delegation.
    /// </summary>
    private FollowUpSubmission? FollowUpsOf(TurnMeta ended) => TurnOrigins.IsSubSession(ended.Origin)
        ? null
        : new FollowUpSubmission(new RunCopilotTurn(ended.SessionId, ended.TurnId, ended.UserId, Message: "", IsUserMessage: true,
            time.GetUtcNow(), ModelTiers.Standard, Mode: null, ended.Origin, Permissions: null, FileIds: null, Context: null), []);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end the stuck turn of session {SessionId}")]
    private partial void LogEndFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended the turn of session {SessionId}: no output for {Seconds}s")]
    private partial void LogEnded(Guid sessionId, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stuck-turn sweep failed")]
    private partial void LogSweepFailed(Exception exception);
}
