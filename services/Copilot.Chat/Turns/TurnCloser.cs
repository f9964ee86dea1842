using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Messaging;
using Copilot.Usage.Client;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Copilot.Chat.Turns;

/// <summary>
/// The end proper of a turn: the compare-and-set from <c>running</c> that writes the terminal chunks (and frees the
/// session lock), the history's notice, and the <see cref="CopilotTurnCompleted"/> that makes usage release the
/// turn's reservation. Callers end turns through <see cref="TurnEnder"/>; only <see cref="TurnSubmitter"/> comes here
/// directly, for a turn it recorded but could not send — nothing ran, so nothing follows it, and going through the
/// ender would make the two depend on each other.
/// </summary>
public sealed partial class TurnCloser(
    TurnStore turns,
    ChatHistory history,
    IPublishEndpoint publish,
    ITurnAdmission admission,
    TimeProvider time,
    ILogger<TurnCloser> logger)
{
    /// <summary>
    /// Ends <paramref name="turn"/> as <paramref name="ending"/> says, unless someone else already ended it. Returns
    /// whether this call did; only then is anything written or announced, so every turn is announced once.
    /// </summary>
    public async Task<bool> CloseAsync(TurnMeta turn, TurnEnding ending)
    {
        if (ending is { NoticeFirst: true, Notice: { } early })
        {
            await history.AppendNoticeAsync(turn.SessionId, turn.TurnId, early);
        }

        if (!await turns.MarkCompletedAsync(turn.SessionId, turn.TurnId, ending.StreamError, ending.Owner,
                failed: ending.Outcome != TurnOutcome.Completed))
        {
            return false;
        }

        try
        {
            if (ending is { NoticeFirst: false, Notice: { } notice })
            {
                await history.AppendNoticeAsync(turn.SessionId, turn.TurnId, notice);
            }
        }
        finally
        {
            // Whatever became of the notice, usage must learn of the end, or it holds the reservation until its TTL.
            await AnnounceAsync(turn, ending);
        }

        return true;
    }

    /// <summary>
    /// Publishes the end within <see cref="PublishDeadline"/>. When the broker does not take it, usage is asked directly
    /// to release the turn's reservation, the part of the announcement that cannot wait (the calls were charged one by one).
    /// Either way done, the turn leaves the unannounced list its end put it on; otherwise the executors' sweep finds it
    /// there later and releases the reservation itself.
    /// </summary>
    private async Task AnnounceAsync(TurnMeta turn, TurnEnding ending)
    {
        var announced = false;
        using var deadline = PublishDeadline.Start();
        try
        {
            await publish.Publish(ending.Announcement(turn, time.GetUtcNow()), deadline.Token);
            announced = true;
        }
        catch (Exception exception)
        {
            LogAnnounceFailed(exception, turn.TurnId);
            if (!string.IsNullOrEmpty(turn.UserId))
            {
                announced = await admission.ReleaseAsync(turn.UserId, turn.TurnId);
            }
        }

        if (announced && !string.IsNullOrEmpty(turn.UserId))
        {
            try
            {
                await turns.MarkAnnouncedAsync(new UnannouncedTurnEnd(turn.TurnId, turn.UserId));
            }
            catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
            {
                // Left listed, the turn's reservation is released once more by the sweep, which usage treats as done.
                LogUnlistFailed(exception, turn.TurnId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take turn {TurnId} off the unannounced list")]
    private partial void LogUnlistFailed(Exception exception, Guid turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the end of turn {TurnId}; releasing its usage reservation directly")]
    private partial void LogAnnounceFailed(Exception exception, Guid turnId);
}
