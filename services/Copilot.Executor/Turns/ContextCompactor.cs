using System.Text;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Executor.Llm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// Keeps a long session within the model's context budget: the oldest messages are summarised by the model into a
/// <see cref="ContextSummary"/> whose watermark records how far it covers; later turns send summary + the rest.
/// </summary>
public sealed partial class ContextCompactor(
    ChatDbContext db,
    LlmClient llm,
    CostReporter costs,
    IOptions<LlmOptions> llmOptions,
    TimeProvider time,
    ILogger<ContextCompactor> logger)
{
    public const string ToolName = "context_compaction";
    public const string DoneMessage = "Earlier messages were summarized to fit within context limits.";
    private const int MaxCharsPerRowInSummaryInput = 4_000;

    private const string Instructions =
        "Summarize the conversation below for an assistant that will continue it. Keep every fact, decision, open " +
        "question, file id and tool result the assistant may need; drop pleasantries. Write plain prose, at most a " +
        "few paragraphs.";

    /// <summary>A rough token count (4 characters per token plus a per-message overhead): it only decides when to compact.</summary>
    public static int EstimateTokens(IEnumerable<LlmMessage> messages) =>
        messages.Sum(m => 4 + ((m.Content?.Length ?? 0) + (m.ToolCallsJson?.Length ?? 0)) / 4);

    /// <summary>
    /// Where to compact <paramref name="prior"/> before a turn: null while it fits in <paramref name="budget"/>, else a
    /// cut (see <see cref="ChooseCut"/>) that leaves at most half the budget verbatim, so compaction is not needed
    /// again on the very next turn.
    /// </summary>
    public static int? CutFor(IReadOnlyList<ChatMessage> prior, int budget) =>
        EstimateTokens(prior.Select(ContextWindow.ToLlm)) > budget ? ChooseCut(prior, budget / 2) : null;

    /// <summary>
    /// The index in <paramref name="prior"/> where the kept tail starts. Cuts fall only on clean boundaries (a user row
    /// right after a plain assistant row, so no tool group is split): the earliest whose tail fits in
    /// <paramref name="tailBudget"/>, else the latest one (keeping at least the last exchange verbatim); null when the
    /// history has no boundary at all.
    /// </summary>
    public static int? ChooseCut(IReadOnlyList<ChatMessage> prior, int tailBudget)
    {
        int? latest = null;
        for (var k = 1; k < prior.Count; k++)
        {
            var clean = prior[k].Role == ChatRoles.User && prior[k - 1].Role == ChatRoles.Assistant && prior[k - 1].ToolCalls is null;
            if (!clean)
            {
                continue;
            }

            if (EstimateTokens(prior.Skip(k).Select(ContextWindow.ToLlm)) <= tailBudget)
            {
                return k;
            }

            latest = k;
        }

        return latest;
    }

    /// <summary>
    /// Summarises <paramref name="window"/>'s summary and its rows before <paramref name="cut"/> into
    /// <paramref name="stored"/> (the session's row, whether or not its watermark still applied; a new row when there
    /// is none) and moves the watermark to the last of those rows.
    /// </summary>
    public async Task<ContextSummary> CompactAsync(
        RunCopilotTurn turn, UiStreamWriter writer, ContextSummary? stored, ContextWindow window, int cut, CancellationToken cancellationToken)
    {
        var callId = $"compaction-{turn.TurnId:N}";
        await writer.CloseBlocksAsync();
        await writer.PublishAsync(new ToolInputStartChunk(callId, ToolName));
        await writer.PublishAsync(new ToolInputAvailableChunk(callId, ToolName, JsonSerializer.SerializeToElement(new { messages = cut })));

        var model = llmOptions.Value.StandardModel;
        var text = new StringBuilder();
        decimal? cost = null;
        var tokens = TokenUsage.None;
        var request = new LlmRequest(model, [new LlmMessage("system", Instructions), new LlmMessage("user", Transcript(window, cut))],
            Tools: null, MaxThinkingTokens: 0, llmOptions.Value.PromptCacheTtl);
        await foreach (var streamEvent in llm.StreamAsync(request, cancellationToken))
        {
            switch (streamEvent)
            {
                case LlmTextDelta delta:
                    text.Append(delta.Text);
                    break;
                case LlmUsage usage:
                    (tokens, cost) = (usage.Tokens, usage.CostUsd);
                    break;
                case LlmProviderError error:
                    throw new LlmProviderException(error.Message);
            }
        }

        await costs.ReportAsync(turn, model, tokens, cost);
        var summary = stored ?? new ContextSummary { SessionId = turn.SessionId, Summary = "" };
        summary.Summary = text.ToString();
        summary.CoversThroughSequence = window.Rows[cut - 1].Sequence;
        summary.UpdatedAt = time.GetUtcNow();
        if (stored is null)
        {
            db.ContextSummaries.Add(summary);
        }

        await db.SaveChangesAsync(cancellationToken);
        LogCompacted(turn.SessionId, cut, summary.CoversThroughSequence);
        await writer.PublishAsync(new ToolOutputAvailableChunk(callId, JsonSerializer.SerializeToElement(DoneMessage)));
        return summary;
    }

    public Task<ContextSummary?> FindAsync(Guid sessionId, CancellationToken cancellationToken) =>
        db.ContextSummaries.FirstOrDefaultAsync(s => s.SessionId == sessionId, cancellationToken);

    /// <summary>What the model is asked to summarise: the window's summary, if any, then its rows before <paramref name="cut"/>.</summary>
    public static string Transcript(ContextWindow window, int cut)
    {
        var transcript = new StringBuilder();
        if (window.Summary is not null)
        {
            transcript.Append("Summary of what came before:\n").Append(window.Summary.Summary).Append("\n\n");
        }

        foreach (var row in window.Rows.Take(cut))
        {
            var content = row.Content ?? row.ToolCalls ?? "";
            if (content.Length > MaxCharsPerRowInSummaryInput)
            {
                content = content[..MaxCharsPerRowInSummaryInput] + " …";
            }

            transcript.Append(row.Role).Append(row.Name is null ? "" : $" ({row.Name})").Append(": ").Append(content).Append('\n');
        }

        return transcript.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {Rows} messages of session {SessionId} (watermark {Watermark})")]
    private partial void LogCompacted(Guid sessionId, int rows, int watermark);
}
