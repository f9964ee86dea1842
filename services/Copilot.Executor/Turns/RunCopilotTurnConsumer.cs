using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Copilot.Messaging;
using MassTransit;
using StackExchange.Redis;

namespace Copilot.Executor.Turns;

/// <summary>
/// Takes a turn request, holds the session's cluster lock for the whole turn (renewing its lease), runs the turn and
/// announces its end.
/// </summary>
public sealed partial class RunCopilotTurnConsumer(
    TurnRunner runner,
    ChatHistory history,
    StreamRegistry registry,
    IConnectionMultiplexer redis,
    SessionLeases leases,
    ActiveTurns activeTurns,
    FollowUpContinuation continuation,
    CostReporter costs,
    TimeProvider time,
    ILogger<RunCopilotTurnConsumer> logger) : IConsumer<RunCopilotTurn>
{
    public const string InterruptedText = "The worker running this turn stopped unexpectedly. Please send your message again.";

    public async Task Consume(ConsumeContext<RunCopilotTurn> context)
    {
        var turn = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = turn.SessionId, ["TurnId"] = turn.TurnId });

        var meta = await registry.GetMetaAsync(turn.SessionId);
        if (meta is null || meta.TurnId != turn.TurnId || !meta.IsRunning)
        {
            // Stopped before it started, or superseded: there is nothing left to run.
            LogStaleTurn(turn.TurnId);
            return;
        }

        if (await leases.AcquireAsync(turn, context.CancellationToken) is not { } lease)
        {
            return;
        }

        if (await redis.GetDatabase().StreamLengthAsync(RedisKeys.TurnStream(turn.TurnId)) > 0)
        {
            // A previous worker started this turn and died (this is a redelivery). Its partial output is already on
            // the client's screen; replaying the turn would duplicate it, so the turn ends here, clearly.
            await lease.ReleaseAsync();
            if (await registry.MarkCompletedAsync(turn.SessionId, turn.TurnId, InterruptedText))
            {
                await history.AppendNoticeAsync(turn.SessionId, turn.TurnId, ChatMarkers.Error(InterruptedText));
                await PublishEndedAsync(context, meta, InterruptedText);
            }

            LogInterrupted(turn.TurnId);
            return;
        }

        if (!await registry.ClaimTurnAsync(turn.SessionId, turn.TurnId, lease.Token))
        {
            await lease.ReleaseAsync();
            LogStaleTurn(turn.TurnId);
            return;
        }

        var started = time.GetTimestamp();
        using var userStop = new CancellationTokenSource();
        using var turnCancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, userStop.Token);
        activeTurns.Register(turn.SessionId, turn.TurnId, userStop);
        var renewal = leases.KeepAsync(turn.SessionId, turn.TurnId, lease, turnCancellation);
        TurnResult result;
        try
        {
            result = await runner.RunAsync(turn, new TurnControl(turnCancellation.Token, userStop.Token, lease.Token));
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            // Usually the lease was lost (the turn was ended or taken over elsewhere) and the owner check makes this a
            // no-op; if this worker still owns the turn, it must not be left running.
            if (await registry.MarkCompletedAsync(turn.SessionId, turn.TurnId, TurnRunner.UnexpectedErrorText, lease.Token))
            {
                await history.AppendNoticeAsync(turn.SessionId, turn.TurnId, ChatMarkers.Error(TurnRunner.UnexpectedErrorText));
                await PublishEndedAsync(context, meta, TurnRunner.UnexpectedErrorText);
            }

            return;
        }
        finally
        {
            activeTurns.Unregister(turn.SessionId, turn.TurnId);
            await turnCancellation.CancelAsync();
            await renewal;
            await lease.ReleaseAsync();
        }

        if (result.EndedHere)
        {
            // A turn ended elsewhere (forced cancel, watchdog) was announced by whoever ended it. This one is announced
            // before the continuation starts, so a Redis or broker failure there cannot leave usage holding the
            // turn's reservation until its TTL.
            using var deadline = PublishDeadline.Start();
            await context.Publish(new CopilotTurnCompleted(turn.SessionId, turn.TurnId, turn.UserId, result.Outcome, result.ResponseText,
                result.ToolCalls, result.Usage, result.CostMicrodollars, time.GetElapsedTime(started), result.Error), deadline.Token);
        }

        await StartContinuationAsync(context, turn);
    }

    /// <summary>
    /// Best effort: a continuation that cannot start leaves the follow-ups queued (it only peeks them), and a turn it
    /// created but could not send has been ended by <see cref="TurnSender"/>.
    /// </summary>
    private async Task StartContinuationAsync(ConsumeContext context, RunCopilotTurn turn)
    {
        using var deadline = PublishDeadline.Start();
        try
        {
            await continuation.StartIfQueuedAsync(turn, costs.TakeUnconfirmed(), context, deadline.Token);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            LogContinuationFailed(exception, turn.SessionId);
        }
    }

    /// <summary>Announces a turn this consumer ended without running it to the end, so usage releases its reservation.</summary>
    private async Task PublishEndedAsync(ConsumeContext context, TurnMeta meta, string error)
    {
        using var deadline = PublishDeadline.Start();
        await context.Publish(TurnCompletions.EndedWithoutWorker(meta, TurnOutcome.Failed, error, time.GetUtcNow()), deadline.Token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} is no longer the session's running turn; skipping")]
    private partial void LogStaleTurn(Guid turnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not start the continuation turn of session {SessionId}; its follow-ups stay queued")]
    private partial void LogContinuationFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} was interrupted by a worker failure; ending it as failed")]
    private partial void LogInterrupted(Guid turnId);
}
