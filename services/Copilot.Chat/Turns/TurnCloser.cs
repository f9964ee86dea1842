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
    /// whether this call did; only then is anything written or announced, so every turn is announced once. The end
    /// records what it still owes (the notice, the announcement, the follow-ups' turn) and each is settled once done
    /// (the follow-ups' turn by <see cref="TurnEnder"/>); what this call cannot
    /// do — PostgreSQL, the broker and usage all away, or this process killed — the executors' sweep does later.
    /// </summary>
    public async Task<bool> CloseAsync(TurnMeta turn, TurnEnding ending)
    {
        if (ending is { NoticeFirst: true, Notice: { } early })
        {
            await history.AppendNoticeAsync(turn.SessionId, turn.TurnId, early);
        }

        var owedNotice = ending is { NoticeFirst: false, Notice: { } notice } ? notice : null;
        if (!await turns.MarkCompletedAsync(turn.SessionId, turn.TurnId, ending.StreamError, ending.Owner,
                failed: ending.Outcome != TurnOutcome.Completed, notice: owedNotice, continuation: ending.FollowUps?.Finished))
        {
            return false;
        }

        if (owedNotice is not null)
        {
            await StoreNoticeAsync(turn, owedNotice);
        }

        await AnnounceAsync(turn, ending);
        return true;
    }

    private async Task StoreNoticeAsync(TurnMeta turn, string notice)
    {
        try
        {
            await history.AppendNoticeAsync(turn.SessionId, turn.TurnId, notice);
        }
        catch (Exception exception)
        {
            LogNoticeDeferred(exception, turn.TurnId);
            return;
        }

        await SettleAsync(turn.TurnId, TurnEndDuty.Notice);
    }

    /// <summary>
    /// Publishes the end within <see cref="PublishDeadline"/>. When the broker does not take it, usage is asked directly
    /// to release the turn's reservation, the part of the announcement that cannot wait (the calls were charged one by one).
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
            await SettleAsync(turn.TurnId, TurnEndDuty.Announcement);
        }
    }

    public async Task SettleAsync(Guid turnId, TurnEndDuty duty)
    {
        try
        {
            await turns.SettleAsync(turnId, duty);
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            // Left open, the duty is done once more by the sweep: a notice it finds stored, a release usage treats as done.
            LogSettleFailed(exception, turnId, duty);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record that turn {TurnId} settled its {Duty}")]
    private partial void LogSettleFailed(Exception exception, Guid turnId, TurnEndDuty duty);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the notice of turn {TurnId}; the executors' sweep stores it")]
    private partial void LogNoticeDeferred(Exception exception, Guid turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the end of turn {TurnId}; releasing its usage reservation directly")]
    private partial void LogAnnounceFailed(Exception exception, Guid turnId);
}
