using Copilot.Chat.Streaming;
using Copilot.Messaging;
using Microsoft.Extensions.Logging;

namespace Copilot.Chat.Turns;

/// <summary>
/// The one way a turn ends, whoever ends it: the worker that ran it, a redelivery that finds it interrupted, a lease
/// wait that gives up, the stuck-turn watchdog, chat-api's forced Stop and session delete. It closes the turn
/// (<see cref="TurnCloser"/>: terminal chunks, notice, announcement) and then, when the ending carries them, submits
/// the session's queued follow-ups as a turn of their own — otherwise they would wait, unanswered, until the user
/// sent something else.
/// </summary>
public sealed partial class TurnEnder(TurnCloser closer, TurnSubmitter submitter, ILogger<TurnEnder> logger)
{
    /// <returns>Whether this call ended the turn; when not, someone else had, and announced it.</returns>
    public async Task<bool> EndAsync(TurnMeta turn, TurnEnding ending)
    {
        var ended = await closer.CloseAsync(turn, ending);
        // Also when someone else ended the turn: chat-api's forced Stop cannot continue it, not knowing its settings.
        if (ending.FollowUps is { } followUps && await ContinueAsync(followUps) && ended)
        {
            await closer.SettleAsync(turn.TurnId, TurnEndDuty.Continuation);
        }

        return ended;
    }

    /// <summary>
    /// Whether the follow-ups' turn was submitted (or none was needed). The follow-ups are only peeked until the new turn
    /// claims them, so a continuation that cannot start leaves them queued, and the end's record of it lets the
    /// executors' sweep start it later — the user may never write again.
    /// </summary>
    public async Task<bool> ContinueAsync(FollowUpSubmission followUps)
    {
        using var deadline = PublishDeadline.Start();
        try
        {
            await submitter.SubmitAsync(followUps, deadline.Token);
            return true;
        }
        catch (Exception exception)
        {
            LogContinuationFailed(exception, followUps.SessionId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not start the continuation turn of session {SessionId}; its follow-ups stay queued for the sweep")]
    private partial void LogContinuationFailed(Exception exception, Guid sessionId);
}
