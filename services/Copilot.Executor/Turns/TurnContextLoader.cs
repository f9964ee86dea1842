using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Pending;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Executor.Llm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// Builds what the model sees at turn start: system prompt, the compacted summary if any, prior messages (reasoning
/// rows never go back to the model; orphaned tool calls and stop markers are pruned), and the current user input
/// last — merged with any follow-ups still queued from before.
/// </summary>
public sealed partial class TurnContextLoader(
    ChatDbContext db,
    ChatHistory history,
    PendingBuffer pending,
    ContextCompactor compactor,
    IOptions<LlmOptions> llmOptions,
    ILogger<TurnContextLoader> logger)
{
    public async Task<List<LlmMessage>> LoadAsync(RunCopilotTurn turn, string systemPrompt, UiStreamWriter writer, CancellationToken cancellationToken)
    {
        var summary = await compactor.FindAsync(turn.SessionId, cancellationToken);
        var (prior, current) = await LoadRowsAsync(turn.SessionId, turn.TurnId, summary, cancellationToken);
        var pruned = HistoryPruning.PruneOrphanToolCalls(prior);
        if (pruned > 0)
        {
            LogPruned(turn.SessionId, pruned);
        }

        var drained = await DrainQueuedAsync(turn, writer);
        var input = FollowUps.CombineWithCurrent(drained, string.Join("\n\n", current.Select(m => m.Content)),
            turn.RequestArrivalAt.ToUnixTimeMilliseconds() / 1000.0);

        var budget = llmOptions.Value.ContextBudgetTokens;
        if (ContextCompactor.EstimateTokens(prior.Select(ToLlm)) > budget && ContextCompactor.ChooseCut(prior, budget / 2) is { } cut)
        {
            summary = await compactor.CompactAsync(turn, writer, summary, prior, cut, cancellationToken);
            prior.RemoveRange(0, cut);
        }

        var context = new List<LlmMessage>(prior.Count + 3) { new("system", systemPrompt) };
        if (summary is not null)
        {
            context.Add(new LlmMessage("system", $"Summary of the earlier conversation:\n{summary.Summary}"));
        }

        context.AddRange(prior.Select(ToLlm));
        if (input.Length > 0)
        {
            context.Add(new LlmMessage("user", input));
        }

        return context;
    }

    public static LlmMessage ToLlm(ChatMessage row) => new(row.Role, row.Content, row.ToolCalls, row.ToolCallId, row.Name);

    /// <summary>
    /// Rows after the summary's watermark, split into prior history and this turn's own input (the user rows chat-api
    /// stored for it). A watermark that does not end on an assistant row means the history changed under it: the
    /// summary is ignored. Notices (error cards, stop markers) are for users only and never reach the model.
    /// </summary>
    private async Task<(List<ChatMessage> Prior, List<ChatMessage> Current)> LoadRowsAsync(
        Guid sessionId, Guid turnId, ContextSummary? summary, CancellationToken cancellationToken)
    {
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.SessionId == sessionId && m.Role != ChatRoles.Reasoning)
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);
        if (summary is not null)
        {
            var watermark = rows.FindIndex(m => m.Sequence == summary.CoversThroughSequence);
            if (watermark >= 0 && rows[watermark].Role == ChatRoles.Assistant)
            {
                rows.RemoveRange(0, watermark + 1);
            }
        }

        bool IsInput(ChatMessage row) => row.TurnId == turnId && row.Role == ChatRoles.User;
        return ([.. rows.Where(row => !IsInput(row) && !ChatMarkers.IsNotice(row.Content))], [.. rows.Where(IsInput)]);
    }

    /// <summary>
    /// Follow-ups queued while an earlier turn ran but never drained (it had no tool boundary) belong to this turn:
    /// they are stored as user rows, in the order they were typed, and shown to the UI as delivered.
    /// </summary>
    private async Task<IReadOnlyList<PendingMessage>> DrainQueuedAsync(RunCopilotTurn turn, UiStreamWriter writer)
    {
        IReadOnlyList<PendingMessage> drained;
        try
        {
            drained = await pending.DrainAsync(turn.SessionId);
        }
        catch (StackExchange.Redis.RedisException exception)
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
                [.. drained.Select(m => new ChatMessage { Role = ChatRoles.User, Content = FollowUps.AsUserMessage(m), TurnId = turn.TurnId })],
                CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Unstored, they would be answered now and missing from the history forever: back to the queue, where
            // this turn's next tool boundary or the turn after it picks them up.
            LogStoreFailed(exception, turn.SessionId, drained.Count);
            await pending.RequeueAsync(turn.SessionId, drained);
            return [];
        }

        await writer.PublishAsync(new DataChunk(FollowUpDelivery.DataName,
            JsonSerializer.SerializeToElement(new { messages = drained.Select(m => m.Content) })));
        return drained;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} trailing orphan tool-use/stop row(s) of session {SessionId} before starting the turn")]
    private partial void LogPruned(Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Count} queued follow-up(s) of session {SessionId} at turn start; re-queueing them")]
    private partial void LogStoreFailed(Exception exception, Guid sessionId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drain queued follow-ups of session {SessionId}")]
    private partial void LogDrainFailed(Exception exception, Guid sessionId);
}
