using Copilot.Chat.Redis;
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
        if (ending.FollowUps is { } followUps)
        {
            // Also when someone else ended the turn: chat-api's forced Stop cannot continue it, not knowing its settings.
            await ContinueAsync(followUps);
        }

        return ended;
    }

    /// <summary>
    /// Best effort: the follow-ups are only peeked until the new turn drains them, so a continuation that cannot start
    /// leaves them queued for the session's next turn.
    /// </summary>
    private async Task ContinueAsync(FollowUpSubmission followUps)
    {
        using var deadline = PublishDeadline.Start();
        try
        {
            await submitter.SubmitAsync(followUps, deadline.Token);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            LogContinuationFailed(exception, followUps.SessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not start the continuation turn of session {SessionId}; its follow-ups stay queued")]
    private partial void LogContinuationFailed(Exception exception, Guid sessionId);
}
