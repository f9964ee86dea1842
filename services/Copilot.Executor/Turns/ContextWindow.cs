using Copilot.Chat.Data;
using Copilot.Executor.Llm;
using Copilot.Executor.Tools.Results;

namespace Copilot.Executor.Turns;

/// <summary>
/// The part of a session's history a turn sends: <see cref="Summary"/>, standing for every row up to its watermark, and
/// the <see cref="Rows"/> after it (the seed's gap rule). Without a summary, <see cref="Rows"/> is the whole history.
/// </summary>
public sealed record ContextWindow(ContextSummary? Summary, List<ChatMessage> Rows)
{
    public const string SummaryHeading = "Summary of the earlier conversation:";

    /// <summary>
    /// Applies <paramref name="summary"/> to <paramref name="rows"/> (in sequence order). A watermark whose row is gone
    /// or is not an assistant row means the history changed under the summary (rows deleted or rewritten): the whole
    /// history is kept and the summary is left out, or the model would read the same material twice — and the next
    /// compaction would summarise it twice.
    /// </summary>
    public static ContextWindow After(ContextSummary? summary, IReadOnlyList<ChatMessage> rows)
    {
        if (summary is null)
        {
            return new ContextWindow(null, [.. rows]);
        }

        var covered = rows.Count(row => row.Sequence <= summary.CoversThroughSequence);
        var aligned = covered > 0 && rows[covered - 1] is { Role: ChatRoles.Assistant } last && last.Sequence == summary.CoversThroughSequence;
        return aligned
            ? new ContextWindow(summary, [.. rows.Skip(covered)])
            : new ContextWindow(null, [.. rows]);
    }

    /// <summary>The window once <paramref name="summary"/> stands for <see cref="Rows"/>[..<paramref name="cut"/>] as well.</summary>
    public ContextWindow Compacted(ContextSummary summary, int cut) => new(summary, [.. Rows.Skip(cut)]);

    /// <summary>What the model is sent: the system prompt, the summary, the rows, and this turn's input last.</summary>
    public List<LlmMessage> ToMessages(string systemPrompt, string input)
    {
        var messages = new List<LlmMessage>(Rows.Count + 3) { new("system", systemPrompt) };
        if (Summary is not null)
        {
            messages.Add(new LlmMessage("system", $"{SummaryHeading}\n{Summary.Summary}"));
        }

        messages.AddRange(Rows.Select(ToLlm));
        if (input.Length > 0)
        {
            messages.Add(new LlmMessage("user", input));
        }

        return messages;
    }

    /// <summary>An earlier turn's tool result is cut as it was when it came (its row keeps the whole output).</summary>
    public static LlmMessage ToLlm(ChatMessage row) => new(
        row.Role,
        row.Role == ChatRoles.Tool && row.Content is { } output ? ToolOutputCut.ForModel(output, row.ToolCallId) : row.Content,
        row.ToolCalls, row.ToolCallId, row.Name);
}
