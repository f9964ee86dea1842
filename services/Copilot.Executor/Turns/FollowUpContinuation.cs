using Copilot.Chat.Pending;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Messaging;
using MassTransit;

namespace Copilot.Executor.Turns;

/// <summary>
/// Follow-ups queued during a turn that had no tool boundary to deliver them are answered by a new turn started
/// right after it — otherwise they would wait, unanswered, until the user sent something else. It is not admitted
/// here: <see cref="RoundAdmission"/> checks it before its first model round, after it drained the follow-ups into
/// the conversation, so a user over the limit sees their message followed by the usage-limit error card (the same
/// text chat's 429 carries) and the model never runs.
/// </summary>
public sealed partial class FollowUpContinuation(PendingBuffer pending, StreamRegistry registry, TimeProvider time, ILogger<FollowUpContinuation> logger)
{
    public const string Origin = "follow-up";

    public async Task StartIfQueuedAsync(RunCopilotTurn finished, ISendEndpointProvider sendEndpoints, CancellationToken cancellationToken)
    {
        if ((await pending.PeekAsync(finished.SessionId)).Count == 0)
        {
            return;
        }

        var turnId = Guid.NewGuid();
        // Losing this race is fine: whoever started a turn first drains the queue at its start.
        if (!await registry.TryCreateTurnAsync(finished.SessionId, turnId, finished.UserId, Origin))
        {
            return;
        }

        LogContinuing(finished.SessionId, turnId);
        var endpoint = await sendEndpoints.GetSendEndpoint(QueueNames.Address(QueueNames.RunCopilotTurn));
        await endpoint.Send(finished with
        {
            TurnId = turnId,
            Message = "",
            IsUserMessage = true,
            RequestArrivalAt = time.GetUtcNow(),
            Origin = Origin,
            FileIds = null,
            Context = null,
        }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued follow-ups remain in session {SessionId}; starting turn {TurnId} for them")]
    private partial void LogContinuing(Guid sessionId, Guid turnId);
}
