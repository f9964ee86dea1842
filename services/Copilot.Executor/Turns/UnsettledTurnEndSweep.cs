using Copilot.Chat.Data;
using Copilot.Chat.Turns;
using Copilot.Usage.Client;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// Does what the end of a turn still owed when the one who ended it could not: store the history's notice (an error
/// card, without which the user never learns the turn failed), release the turn's usage reservation (held until its
/// 30 min TTL otherwise) and start the turn for the follow-ups queued during it (unanswered until the user writes
/// again otherwise). The script that ends a turn records both (<see cref="TurnStore.MarkCompletedAsync"/>) and the
/// ender settles each once done (<see cref="TurnCloser"/>), so an end still unsettled after
/// <see cref="ExecutorOptions.UnsettledEndGrace"/> lost its worker, or the worker lost PostgreSQL, the broker and usage
/// at once. Every replica sweeps: a notice already stored is not stored again, and a release twice is harmless.
/// </summary>
public sealed partial class UnsettledTurnEndSweep(
    TurnStore turns,
    IServiceScopeFactory scopes,
    ITurnAdmission admission,
    IOptions<ExecutorOptions> options,
    ILogger<UnsettledTurnEndSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WatchdogInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var end in await turns.FindUnsettledAsync(options.Value.UnsettledEndGrace))
                {
                    await SettleAsync(end);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception);
            }
        }
    }

    private async Task SettleAsync(UnsettledTurnEnd end)
    {
        // A reservation is owed from before its turn is recorded (TurnSubmitter): a turn still running keeps it.
        if (await turns.GetMetaAsync(end.SessionId) is { IsRunning: true } running && running.TurnId == end.TurnId)
        {
            return;
        }

        if (end.Notice is { } notice)
        {
            await using var scope = scopes.CreateAsyncScope();
            var history = scope.ServiceProvider.GetRequiredService<ChatHistory>();
            try
            {
                if (await history.AppendNoticeAsync(end.SessionId, end.TurnId, notice))
                {
                    LogNoticeStored(end.TurnId, end.SessionId);
                }
            }
            catch (Exception exception) when (PermanentDataFailures.IsPermanent(exception))
            {
                // The session is gone (deleted meanwhile): there is no history left to tell.
                LogNoticeDropped(exception, end.TurnId, end.SessionId);
            }

            await turns.SettleAsync(end.TurnId, TurnEndDuty.Notice);
        }

        if (end.UserId is { } userId && await admission.ReleaseAsync(userId, end.TurnId))
        {
            await turns.SettleAsync(end.TurnId, TurnEndDuty.Announcement);
            LogReleased(end.TurnId, userId);
        }

        if (end.Continuation is { } finished)
        {
            // A submission finds a turn already running for the session, or nothing queued, when the ender got that far.
            await using var scope = scopes.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<TurnEnder>().ContinueAsync(new FollowUpSubmission(finished, [])))
            {
                await turns.SettleAsync(end.TurnId, TurnEndDuty.Continuation);
                LogContinued(end.TurnId, end.SessionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored the notice of turn {TurnId} (session {SessionId}), left unstored by whoever ended it")]
    private partial void LogNoticeStored(Guid turnId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the notice of turn {TurnId}: session {SessionId} refuses it")]
    private partial void LogNoticeDropped(Exception exception, Guid turnId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released the usage reservation of turn {TurnId} (user {UserId}), whose end was never announced")]
    private partial void LogReleased(Guid turnId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submitted the follow-ups of turn {TurnId} (session {SessionId}), left queued by whoever ended it")]
    private partial void LogContinued(Guid turnId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for unsettled turn ends failed; it runs again")]
    private partial void LogSweepFailed(Exception exception);
}
