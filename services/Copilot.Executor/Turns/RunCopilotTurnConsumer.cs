using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using MassTransit;
using StackExchange.Redis;

namespace Copilot.Executor.Turns;

/// <summary>
/// Takes a turn request, holds the session's cluster lock for the whole turn (renewing its lease), runs the turn and
/// ends it.
/// </summary>
public sealed partial class RunCopilotTurnConsumer(
    TurnRunner runner,
    TurnStore turns,
    IConnectionMultiplexer redis,
    SessionLeases leases,
    ActiveTurns activeTurns,
    TurnEnder ender,
    CostReporter costs,
    ILogger<RunCopilotTurnConsumer> logger) : IConsumer<RunCopilotTurn>
{
    public const string InterruptedText = "The worker running this turn stopped unexpectedly. Please send your message again.";

    public async Task Consume(ConsumeContext<RunCopilotTurn> context)
    {
        var turn = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = turn.SessionId, ["TurnId"] = turn.TurnId });

        var meta = await turns.GetMetaAsync(turn.SessionId);
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

        try
        {
            if (await redis.GetDatabase().StreamLengthAsync(RedisKeys.TurnStream(turn.TurnId)) > 0)
            {
                // A previous worker started this turn and died (this is a redelivery). Its partial output is already on
                // the client's screen; replaying the turn would duplicate it, so the turn ends here, clearly — and, like
                // any worker's end, starts the turn for the follow-ups queued during it, or they would wait unanswered.
                await ender.EndAsync(meta, TurnEnding.Failed(InterruptedText) with { FollowUps = new FollowUpSubmission(turn, []) });
                LogInterrupted(turn.TurnId);
                return;
            }

            if (!await turns.ClaimTurnAsync(turn.SessionId, turn.TurnId, lease.Token))
            {
                LogStaleTurn(turn.TurnId);
                return;
            }

            // Ended while the lease is still held (ending frees it): a duplicate delivery cannot take the turn over first.
            await ender.EndAsync(meta, await RunHeldAsync(turn, lease, context.CancellationToken));
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }

    /// <summary>Runs the turn while renewing its lease and listening for the user's Stop, and says how it ended.</summary>
    private async Task<TurnEnding> RunHeldAsync(RunCopilotTurn turn, RedisLease lease, CancellationToken consumeCancellation)
    {
        using var userStop = new CancellationTokenSource();
        using var turnCancellation = CancellationTokenSource.CreateLinkedTokenSource(consumeCancellation, userStop.Token);
        activeTurns.Register(turn.SessionId, turn.TurnId, userStop);
        var renewal = leases.KeepAsync(turn.SessionId, turn.TurnId, lease, turnCancellation);
        try
        {
            var ending = await runner.RunAsync(turn, new TurnControl(turnCancellation.Token, userStop.Token, lease.Token));
            // Only the worker knows the turn's settings, so only its end continues the follow-ups queued during it.
            return ending with { FollowUps = new FollowUpSubmission(turn, costs.TakeUnconfirmed()) };
        }
        catch (OperationCanceledException) when (!consumeCancellation.IsCancellationRequested)
        {
            // Usually the lease was lost (the turn was ended or taken over elsewhere) and the owner check makes the end
            // a no-op; if this worker still owns the turn, it must not be left running.
            return TurnEnding.Failed(TurnRunner.UnexpectedErrorText) with { Owner = lease.Token };
        }
        finally
        {
            activeTurns.Unregister(turn.SessionId, turn.TurnId);
            await turnCancellation.CancelAsync();
            await renewal;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} is no longer the session's running turn; skipping")]
    private partial void LogStaleTurn(Guid turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} was interrupted by a worker failure; ending it as failed")]
    private partial void LogInterrupted(Guid turnId);
}
