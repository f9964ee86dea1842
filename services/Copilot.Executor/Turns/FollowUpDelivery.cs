using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Pending;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using StackExchange.Redis;

namespace Copilot.Executor.Turns;

/// <summary>
/// Delivers follow-ups typed while a turn runs at its next tool boundary: they are stored as user rows right after
/// the tool results (so the UI shows them in order), announced with a <c>data-follow-ups</c> chunk, and handed to the
/// model as a <c>&lt;user_follow_up&gt;</c> block. If they cannot be stored they go back to the queue untouched.
/// </summary>
public sealed partial class FollowUpDelivery(PendingBuffer pending, ChatHistory history, ILogger<FollowUpDelivery> logger)
{
    public const string DataName = "follow-ups";

    /// <summary>Returns the text to append to the round's last tool result ("" when nothing was queued).</summary>
    public async Task<string> DeliverAsync(RunCopilotTurn turn, UiStreamWriter writer)
    {
        IReadOnlyList<PendingMessage> drained;
        try
        {
            drained = await pending.DrainAsync(turn.SessionId);
        }
        catch (RedisException exception)
        {
            LogDrainFailed(exception, turn.SessionId);
            return "";
        }

        if (drained.Count == 0)
        {
            return "";
        }

        try
        {
            // Not cancellable: drained, they exist nowhere else, and a Stop landing here must not lose them.
            await history.AppendAsync(turn.SessionId,
                [.. drained.Select(m => new ChatMessage { Role = ChatRoles.User, Content = FollowUps.AsUserMessage(m), TurnId = turn.TurnId })],
                CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogPersistFailed(exception, turn.SessionId, drained.Count);
            await pending.RequeueAsync(turn.SessionId, drained);
            return "";
        }

        LogInjected(turn.SessionId, drained.Count);
        await writer.PublishAsync(new DataChunk(DataName, JsonSerializer.SerializeToElement(new { messages = drained.Select(m => m.Content) })));
        return FollowUps.FormatForInjection(drained);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Injected {Count} user follow-up(s) into tool output (session={SessionId})")]
    private partial void LogInjected(Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drain follow-ups of session {SessionId}")]
    private partial void LogDrainFailed(Exception exception, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mid-turn follow-up persist failed for session {SessionId}; re-queueing {Count} message(s)")]
    private partial void LogPersistFailed(Exception exception, Guid sessionId, int count);
}
