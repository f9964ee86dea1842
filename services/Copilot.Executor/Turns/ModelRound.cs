using System.Text;
using Copilot.Chat.Data;
using Copilot.Contracts;

namespace Copilot.Executor.Turns;

/// <summary>What one model call produced: its reasoning blocks (one row each), its text, and its usage.</summary>
internal sealed class ModelRound(Guid turnId)
{
    private readonly List<ChatMessage> _reasoningRows = [];
    private readonly StringBuilder _text = new();

    public TokenUsage Usage { get; set; } = TokenUsage.None;

    public decimal? CostUsd { get; set; }

    public string Text => _text.ToString();

    public void AddReasoning(bool newBlock, string delta)
    {
        if (newBlock || _reasoningRows.Count == 0)
        {
            _reasoningRows.Add(new ChatMessage { Role = ChatRoles.Reasoning, Content = "", TurnId = turnId });
        }

        _reasoningRows[^1].Content += delta;
    }

    public void AddText(string delta) => _text.Append(delta);

    /// <summary>Rows to persist, in the order the user saw them: reasoning first, then the answer.</summary>
    public IReadOnlyList<ChatMessage> CompletedRows()
    {
        var rows = new List<ChatMessage>(_reasoningRows);
        if (_text.Length > 0)
        {
            rows.Add(new ChatMessage { Role = ChatRoles.Assistant, Content = _text.ToString(), TurnId = turnId });
        }

        return rows;
    }
}
