using System.Text;
using Copilot.Chat.Data;

namespace Copilot.Executor.Turns;

/// <summary>
/// Persists a reasoning block as one <c>role=reasoning</c> row that grows while the block streams, so a reader of the
/// history (another tab, a reload mid-turn) sees the reasoning so far. The row is inserted with the block's first delta,
/// rewritten at most every <see cref="FlushInterval"/> — PostgreSQL is not written per token — and written a last time
/// when the block closes, so it ends with exactly the streamed text.
/// </summary>
internal sealed class ReasoningRowWriter(ChatHistory history, TimeProvider time, Guid sessionId, Guid turnId)
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    private StringBuilder? _text;
    private ChatMessage? _row;
    private int _storedLength;
    private long _storedAt;

    public bool IsOpen => _text is not null;

    public async Task AppendAsync(string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        if (_text is null)
        {
            _text = new StringBuilder(delta);
            _row = new ChatMessage { Role = ChatRoles.Reasoning, Content = delta, TurnId = turnId };
            await history.AppendAsync(sessionId, [_row], CancellationToken.None);
            (_storedLength, _storedAt) = (delta.Length, time.GetTimestamp());
            return;
        }

        _text.Append(delta);
        if (time.GetElapsedTime(_storedAt) >= FlushInterval)
        {
            await StoreAsync();
        }
    }

    /// <summary>Writes whatever the row still lacks and ends the block; the next delta starts a new row.</summary>
    public async Task CloseAsync()
    {
        if (_text is null)
        {
            return;
        }

        if (_text.Length != _storedLength)
        {
            await StoreAsync();
        }

        _text = null;
    }

    private async Task StoreAsync()
    {
        var content = _text!.ToString();
        await history.UpdateContentAsync(_row!, content);
        (_storedLength, _storedAt) = (content.Length, time.GetTimestamp());
    }
}
