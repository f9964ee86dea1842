using Copilot.Chat.Pending;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Copilot.Usage.Client;
using MassTransit;

namespace Copilot.Executor.Turns;

/// <summary>
/// Follow-ups queued during a turn that had no tool boundary to deliver them are answered by a new turn started
/// right after it — otherwise they would wait, unanswered, until the user sent something else.
/// <para>
/// Usage decides on it as on any turn: here it is admitted against exact counters (the finished turn's last calls are
/// charged and its leftover reservation freed first, so neither bus lag nor the finished turn holds it back), and
/// <see cref="RoundAdmission"/> checks it again before its first model round. A refused continuation still starts,
/// because the turn is what stores the drained follow-ups in the conversation; its first check then ends it with the
/// usage-limit error card (the same text chat's 429 carries) and the model never runs.
/// </para>
/// <para>
/// The follow-ups are only peeked here: the new turn drains them at its start. If it cannot be sent it is ended at once
/// (<see cref="TurnSender"/>) and they stay queued for the session's next turn.
/// </para>
/// </summary>
public sealed partial class FollowUpContinuation(
    PendingBuffer pending,
    StreamRegistry registry,
    ITurnAdmission admission,
    TurnSender sender,
    TimeProvider time,
    ILogger<FollowUpContinuation> logger)
{
    public const string Origin = "follow-up";

    /// <param name="finishedCharges">The finished turn's calls usage has not been shown yet (its last round's).</param>
    public async Task StartIfQueuedAsync(
        RunCopilotTurn finished, IReadOnlyList<TurnCharge> finishedCharges, ISendEndpointProvider sendEndpoints, CancellationToken cancellationToken)
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
        if (!string.IsNullOrEmpty(finished.UserId))
        {
            await admission.ReleaseAsync(finished.UserId, finished.TurnId);
            if (!(await admission.ExtendAsync(finished.UserId, turnId, finishedCharges, cancellationToken)).Allowed)
            {
                LogRefused(finished.SessionId, turnId);
            }
        }

        await sender.SendAsync(sendEndpoints, finished with
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

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Usage refused the continuation turn {TurnId} of session {SessionId}; it starts only to store the follow-ups and end with the limit")]
    private partial void LogRefused(Guid sessionId, Guid turnId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued follow-ups remain in session {SessionId}; starting turn {TurnId} for them")]
    private partial void LogContinuing(Guid sessionId, Guid turnId);
}
