using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Copilot.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// Ends turns whose stream has been silent for longer than any legitimate wait (twice the longest tool call), so a
/// turn whose worker vanished — or that no worker ever picked up — never stays <c>running</c>. Every replica runs
/// it; the compare-and-set completion makes that harmless, and only the winner announces the end.
/// </summary>
public sealed partial class StuckTurnWatchdog(
    StreamRegistry registry,
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
                foreach (var sessionId in await registry.FindIdleTurnsAsync(idleTimeout))
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
        if (!await registry.IsStillIdleAsync(sessionId, idleTimeout))
        {
            return;
        }

        var meta = await registry.GetMetaAsync(sessionId);
        if (meta is not { IsRunning: true })
        {
            await registry.ForgetIdleAsync(sessionId);
            return;
        }

        if (!await registry.MarkCompletedAsync(sessionId, meta.TurnId, TimedOutText))
        {
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ChatHistory>().AppendNoticeAsync(sessionId, meta.TurnId, ChatMarkers.Error(TimedOutText));
        }

        LogEnded(sessionId, (int)idleTimeout.TotalSeconds);
        // No worker will announce this turn's end: usage would otherwise hold its reservation until the TTL. In the
        // background, because a broker that is down holds a publish for its whole deadline and the sweep must go on.
        _ = AnnounceAndContinueAsync(meta, TurnCompletions.EndedWithoutWorker(meta, TurnOutcome.Failed, TimedOutText, time.GetUtcNow()));
    }

    /// <summary>
    /// Announces the end and, like a worker ending its turn, answers follow-ups queued during it with a new turn — else
    /// they would wait until the user sent something else.
    /// </summary>
    private async Task AnnounceAndContinueAsync(TurnMeta ended, CopilotTurnCompleted completed)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var deadline = PublishDeadline.Start();
        try
        {
            await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(completed, deadline.Token);
        }
        catch (Exception exception)
        {
            LogAnnounceFailed(exception, completed.TurnId);
        }

        // A sub-session's turn carries its parent's tool filter, which the turn record does not keep: rather than
        // continue it with every tool, its follow-ups wait for the parent's next delegation.
        if (TurnOrigins.IsSubSession(ended.Origin))
        {
            return;
        }

        try
        {
            var template = new RunCopilotTurn(ended.SessionId, ended.TurnId, ended.UserId, Message: "", IsUserMessage: true,
                time.GetUtcNow(), ModelTiers.Standard, Mode: null, ended.Origin, Permissions: null, FileIds: null, Context: null);
            await scope.ServiceProvider.GetRequiredService<FollowUpContinuation>().StartIfQueuedAsync(
                template, [], scope.ServiceProvider.GetRequiredService<ISendEndpointProvider>(), deadline.Token);
        }
        catch (Exception exception)
        {
            LogContinueFailed(exception, ended.SessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start a turn for the follow-ups of session {SessionId}; they wait for its next turn")]
    private partial void LogContinueFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the end of turn {TurnId}; usage releases its reservation when it lapses")]
    private partial void LogAnnounceFailed(Exception exception, Guid turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended the turn of session {SessionId}: no output for {Seconds}s")]
    private partial void LogEnded(Guid sessionId, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stuck-turn sweep failed")]
    private partial void LogSweepFailed(Exception exception);
}
