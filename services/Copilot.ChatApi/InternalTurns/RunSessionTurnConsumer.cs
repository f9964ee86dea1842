using Copilot.Chat.Turns;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.ChatApi.InternalTurns;

/// <summary>
/// The message door for internal services (request/response over RabbitMQ). The turn is started or queued here and
/// the message acknowledged at once; the reply is sent by <see cref="TurnReplySender"/> when the turn ends, because a
/// broker would reclaim a delivery held unacknowledged for the hours a caller may wait.
/// </summary>
public sealed class RunSessionTurnConsumer(SessionTurnIntake intake, TurnSubmitter submitter, TurnReplySender replies) : IConsumer<RunSessionTurn>
{
    public async Task Consume(ConsumeContext<RunSessionTurn> context)
    {
        var request = context.Message;
        var (session, refusal, _) = await intake.AcceptAsync(request, context.CancellationToken);
        if (session is null)
        {
            await context.RespondAsync(new SessionTurnFinished(request.SessionId, SessionOutcome.Rejected, SessionResult.Empty, refusal));
            return;
        }

        var submitted = await submitter.SubmitAsync(SessionTurnIntake.ToSubmission(session, request), context.CancellationToken);
        if (submitted is SubmitOutcome.Refused refused)
        {
            // Over the usage limit: nothing was started, and the caller learns why at once.
            await context.RespondAsync(new SessionTurnFinished(session.Id, SessionOutcome.Rejected, SessionResult.Empty, refused.Verdict.RefusalText));
            return;
        }

        if (context.ResponseAddress is { } address && context.RequestId is { } requestId)
        {
            replies.ReplyWhenDone(address, requestId, submitted, session.UserId, SessionTurnIntake.Wait(request));
        }
    }
}
