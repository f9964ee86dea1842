using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
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
    FollowUpDelivery followUps,
    ContextCompactor compactor,
    IOptions<LlmOptions> llmOptions,
    ILogger<TurnContextLoader> logger)
{
    public async Task<List<LlmMessage>> LoadAsync(RunCopilotTurn turn, string systemPrompt, UiStreamWriter writer, CancellationToken cancellationToken)
    {
        // The stored row is kept even when its watermark no longer applies: the next compaction rewrites it.
        var stored = await compactor.FindAsync(turn.SessionId, cancellationToken);
        var (window, current) = await LoadRowsAsync(turn.SessionId, turn.TurnId, stored, cancellationToken);
        if (stored is not null && window.Summary is null)
        {
            LogSummaryMisaligned(turn.SessionId, stored.CoversThroughSequence);
        }

        var pruned = HistoryPruning.PruneOrphanToolCalls(window.Rows);
        if (pruned > 0)
        {
            LogPruned(turn.SessionId, pruned);
        }

        // Follow-ups queued while an earlier turn ran but never drained (it had no tool boundary) belong to this turn.
        var drained = await followUps.TakeAsync(turn, writer);
        var input = FollowUpPrompt.CombineWithCurrent(drained, string.Join("\n\n", current.Select(m => m.Content)),
            turn.RequestArrivalAt.ToUnixTimeMilliseconds() / 1000.0);

        if (ContextCompactor.CutFor(window.Rows, llmOptions.Value.ContextBudgetTokens) is { } cut)
        {
            window = window.Compacted(await compactor.CompactAsync(turn, writer, stored, window, cut, cancellationToken), cut);
        }

        return window.ToMessages(systemPrompt, input);
    }

    /// <summary>
    /// The session's rows the summary does not cover (see <see cref="ContextWindow.After"/>), split into prior history
    /// and this turn's own input (the user rows chat-api stored for it). Notices (error cards, stop markers) are for
    /// users only and never reach the model.
    /// </summary>
    private async Task<(ContextWindow Window, List<ChatMessage> Current)> LoadRowsAsync(
        Guid sessionId, Guid turnId, ContextSummary? summary, CancellationToken cancellationToken)
    {
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.SessionId == sessionId && m.Role != ChatRoles.Reasoning)
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);
        var window = ContextWindow.After(summary, rows);

        bool IsInput(ChatMessage row) => row.TurnId == turnId && row.Role == ChatRoles.User;
        return (window with { Rows = [.. window.Rows.Where(row => !IsInput(row) && !ChatMarkers.IsNotice(row.Content))] },
            [.. window.Rows.Where(IsInput)]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The summary of session {SessionId} ends at sequence {Watermark}, which is no longer an assistant row; sending the whole history instead")]
    private partial void LogSummaryMisaligned(Guid sessionId, int watermark);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} trailing orphan tool-use/stop row(s) of session {SessionId} before starting the turn")]
    private partial void LogPruned(Guid sessionId, int count);
}
