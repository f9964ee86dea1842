using System.Collections.Concurrent;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.ChatApi.InternalTurns;

/// <summary>
/// Waits for queued internal turns and sends each requester its <see cref="SessionTurnFinished"/>. On shutdown every
/// waiter answers at once with what it has (usually <c>running</c>), so no requester is left to time out silently.
/// </summary>
public sealed partial class TurnReplySender(IBus bus, TurnResultWaiter waiter, ILogger<TurnReplySender> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Guid, Task> _waits = new();

    public void ReplyWhenDone(Uri responseAddress, Guid requestId, SubmitOutcome submitted, string userId, TimeSpan timeout)
    {
        var wait = ReplyAsync(responseAddress, requestId, submitted, userId, timeout);
        if (!wait.IsCompleted && _waits.TryAdd(requestId, wait))
        {
            wait.ContinueWith(_ => _waits.TryRemove(requestId, out Task? _), TaskScheduler.Default);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_waits.Values).WaitAsync(cancellationToken);
    }

    private async Task ReplyAsync(Uri responseAddress, Guid requestId, SubmitOutcome submitted, string userId, TimeSpan timeout)
    {
        await Task.Yield();
        (SessionOutcome Outcome, SessionResult Result) observed;
        try
        {
            observed = await waiter.WaitAsync(submitted, userId, timeout, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            var queued = submitted is SubmitOutcome.Queued;
            observed = (queued ? SessionOutcome.Queued : SessionOutcome.Running, SessionResult.Empty with { Queued = queued });
        }

        try
        {
            var endpoint = await bus.GetSendEndpoint(responseAddress);
            await endpoint.Send(new SessionTurnFinished(submitted.SessionId, observed.Outcome, observed.Result),
                context => context.RequestId = requestId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The requester's own timeout is its signal now; the turn itself is unaffected.
            LogReplyFailed(exception, submitted.SessionId, requestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the turn result of session {SessionId} to request {RequestId}")]
    private partial void LogReplyFailed(Exception exception, Guid sessionId, Guid requestId);
}
