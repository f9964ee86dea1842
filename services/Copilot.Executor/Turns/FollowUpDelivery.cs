using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using StackExchange.Redis;

namespace Copilot.Executor.Turns;

/// <summary>
/// Delivers follow-ups typed while a turn runs at its next tool boundary: they are stored as user rows right after
/// the tool results (so the UI shows them in order), announced with a <c>data-follow-ups</c> chunk, and handed to the
/// model as a <c>&lt;user_follow_up&gt;</c> block. If they cannot be stored for now they go back to the queue untouched;
/// ones the database refuses outright are dropped. They are claimed, not popped, until stored (see <see cref="FollowUpBuffer"/>).
/// </summary>
public sealed partial class FollowUpDelivery(FollowUpBuffer buffer, ChatHistory history, ILogger<FollowUpDelivery> logger)
{
    public const string DataName = "follow-ups";

    /// <summary>Returns the text to append to the round's last tool result ("" when nothing was queued).</summary>
    public async Task<string> DeliverAsync(RunCopilotTurn turn, UiStreamWriter writer)
    {
        var taken = await TakeAsync(turn, writer);
        if (taken.Count == 0)
        {
            return "";
        }

        LogInjected(turn.SessionId, taken.Count);
        return FollowUpPrompt.FormatForInjection(taken);
    }

    /// <summary>
    /// Claims the session's queued follow-ups for <paramref name="turn"/>: stores them as its user rows, in the order
    /// they were typed, announces them to the UI, and only then settles the claim. None when nothing was queued or they
    /// could not be stored (then they are back in the queue, for the next tool boundary or the next turn).
    /// </summary>
    public async Task<IReadOnlyList<FollowUp>> TakeAsync(RunCopilotTurn turn, UiStreamWriter writer)
    {
        FollowUpClaim claim;
        try
        {
            claim = await buffer.ClaimAsync(turn.SessionId, turn.TurnId);
        }
        catch (RedisException exception)
        {
            LogClaimFailed(exception, turn.SessionId);
            return [];
        }

        if (claim.IsEmpty)
        {
            return [];
        }

        IReadOnlyList<FollowUp> taken;
        try
        {
            taken = [.. await NotYetStoredAsync(turn.SessionId, claim), .. claim.Queued];
            // Not cancellable: a Stop landing here must not leave them claimed by a turn that is over.
            if (taken.Count > 0)
            {
                await history.AppendAsync(turn.SessionId,
                    [.. taken.Select(m => new ChatMessage { Role = ChatRoles.User, Content = FollowUpPrompt.AsUserMessage(m), TurnId = turn.TurnId })],
                    CancellationToken.None);
            }
        }
        catch (Exception exception) when (PermanentDataFailures.IsPermanent(exception))
        {
            // Returned, they would fail every later turn of the session the same way.
            LogDropped(exception, turn.SessionId, claim.Queued.Count + claim.Unconfirmed.Count);
            await SettleAsync(turn);
            return [];
        }
        catch (Exception exception)
        {
            // Unstored, they would be answered now and missing from the history forever.
            LogPersistFailed(exception, turn.SessionId, claim.Queued.Count + claim.Unconfirmed.Count);
            await buffer.ReturnAsync(turn.SessionId, turn.TurnId);
            return [];
        }

        await SettleAsync(turn);
        if (taken.Count > 0)
        {
            await writer.PublishAsync(new DataChunk(DataName, JsonSerializer.SerializeToElement(new { messages = taken.Select(m => m.Content) })));
        }

        return taken;
    }

    /// <summary>
    /// Of the follow-ups an earlier claim left unconfirmed, those its turn did not store before it died (or before it
    /// lost Redis): each stored row of that turn accounts for one follow-up with the same text.
    /// </summary>
    private async Task<IReadOnlyList<FollowUp>> NotYetStoredAsync(Guid sessionId, FollowUpClaim claim)
    {
        if (claim.Unconfirmed.Count == 0)
        {
            return [];
        }

        LogRecovered(sessionId, claim.Unconfirmed.Count, claim.UnconfirmedBy);
        if (claim.UnconfirmedBy is not { } earlierTurn)
        {
            return claim.Unconfirmed;
        }

        var stored = (await history.UserContentsOfTurnAsync(sessionId, earlierTurn)).ToList();
        return [.. claim.Unconfirmed.Where(message => !stored.Remove(FollowUpPrompt.AsUserMessage(message)))];
    }

    /// <summary>If Redis cannot be told now, the claim stays, and the next one finds these rows already stored.</summary>
    private async Task SettleAsync(RunCopilotTurn turn)
    {
        try
        {
            await buffer.ConfirmAsync(turn.SessionId, turn.TurnId);
        }
        catch (RedisException exception)
        {
            LogConfirmFailed(exception, turn.SessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Injected {Count} user follow-up(s) into tool output (session={SessionId})")]
    private partial void LogInjected(Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim the follow-ups of session {SessionId}")]
    private partial void LogClaimFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not confirm the stored follow-ups of session {SessionId}; the next claim skips them")]
    private partial void LogConfirmFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered {Count} follow-up(s) of session {SessionId} that turn {EarlierTurnId} claimed and never confirmed")]
    private partial void LogRecovered(Guid sessionId, int count, Guid? earlierTurnId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped {Count} follow-up(s) of session {SessionId}: the database refuses them")]
    private partial void LogDropped(Exception exception, Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} follow-up(s) of session {SessionId}; returning them to its queue")]
    private partial void LogPersistFailed(Exception exception, Guid sessionId, int count);
}
