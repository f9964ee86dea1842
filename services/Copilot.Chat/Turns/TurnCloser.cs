using Copilot.Chat.Data;
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
    /// </summary>
    private async Task AnnounceAsync(TurnMeta turn, TurnEnding ending)
    {
        using var deadline = PublishDeadline.Start();
        try
        {
            await publish.Publish(ending.Announcement(turn, time.GetUtcNow()), deadline.Token);
        }
        catch (Exception exception)
        {
            LogAnnounceFailed(exception, turn.TurnId);
            if (!string.IsNullOrEmpty(turn.UserId))
            {
                await admission.ReleaseAsync(turn.UserId, turn.TurnId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce the end of turn {TurnId}; releasing its usage reservation directly")]
    private partial void LogAnnounceFailed(Exception exception, Guid turnId);
}
