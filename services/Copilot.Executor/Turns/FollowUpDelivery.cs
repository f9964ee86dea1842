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
/// ones the database refuses outright are dropped.
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
    /// Drains the session's queued follow-ups into <paramref name="turn"/>: stores them as its user rows, in the order
    /// they were typed, and announces them to the UI. None when nothing was queued or they could not be stored (then
    /// they are back in the queue, for the next tool boundary or the next turn).
    /// </summary>
    public async Task<IReadOnlyList<FollowUp>> TakeAsync(RunCopilotTurn turn, UiStreamWriter writer)
    {
        IReadOnlyList<FollowUp> drained;
        try
        {
            drained = await buffer.DrainAsync(turn.SessionId);
        }
        catch (RedisException exception)
        {
            LogDrainFailed(exception, turn.SessionId);
            return [];
        }

        if (drained.Count == 0)
        {
            return drained;
        }

        try
        {
            // Not cancellable: drained, they exist nowhere else, and a Stop landing here must not lose them.
            await history.AppendAsync(turn.SessionId,
                [.. drained.Select(m => new ChatMessage { Role = ChatRoles.User, Content = FollowUpPrompt.AsUserMessage(m), TurnId = turn.TurnId })],
                CancellationToken.None);
        }
        catch (Exception exception) when (PermanentDataFailures.IsPermanent(exception))
        {
            // Re-queued, they would fail every later turn of the session the same way.
            LogDropped(exception, turn.SessionId, drained.Count);
            return [];
        }
        catch (Exception exception)
        {
            // Unstored, they would be answered now and missing from the history forever.
            LogPersistFailed(exception, turn.SessionId, drained.Count);
            await buffer.RequeueAsync(turn.SessionId, drained);
            return [];
        }

        await writer.PublishAsync(new DataChunk(DataName, JsonSerializer.SerializeToElement(new { messages = drained.Select(m => m.Content) })));
        return drained;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Injected {Count} user follow-up(s) into tool output (session={SessionId})")]
    private partial void LogInjected(Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drain follow-ups of session {SessionId}")]
    private partial void LogDrainFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped {Count} follow-up(s) of session {SessionId}: the database refuses them")]
    private partial void LogDropped(Exception exception, Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} follow-up(s) of session {SessionId}; re-queueing them")]
    private partial void LogPersistFailed(Exception exception, Guid sessionId, int count);
}
