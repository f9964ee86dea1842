using System.Text;
using System.Text.Json;
using Copilot.Contracts;

namespace Copilot.Chat.Turns;

/// <summary>
/// Folds a turn's UI chunks into what a waiting caller needs: the answer text (reasoning excluded), the tool calls with
/// their outputs, and token usage. Fed from the Redis stream, so a caller that attaches late still sees the whole turn.
/// </summary>
public sealed class TurnResultAccumulator
{
    private readonly StringBuilder _text = new();
    private readonly List<ToolCallEntry> _toolCalls = [];
    private TokenUsage _usage = TokenUsage.None;

    /// <summary>The turn's finish chunk has been seen.</summary>
    public bool Finished { get; private set; }

    /// <summary>The error chunk's text when the turn failed.</summary>
    public string? ErrorText { get; private set; }

    public void Add(string chunkJson)
    {
        using var document = JsonDocument.Parse(chunkJson);
        var chunk = document.RootElement;
        switch (chunk.GetProperty("type").GetString())
        {
            case "text-delta":
                _text.Append(chunk.GetProperty("delta").GetString());
                break;
            case "tool-input-available":
                _toolCalls.Add(new ToolCallEntry(
                    chunk.GetProperty("toolCallId").GetString() ?? "", chunk.GetProperty("toolName").GetString() ?? "",
                    chunk.TryGetProperty("input", out var input) ? input.Clone() : null, Output: null, Success: null));
                break;
            case "tool-output-available":
                Complete(chunk, chunk.GetProperty("output").Clone(), success: true);
                break;
            case "tool-output-error":
                Complete(chunk, JsonSerializer.SerializeToElement(chunk.GetProperty("errorText").GetString()), success: false);
                break;
            case "data-usage":
                var data = chunk.GetProperty("data");
                _usage = _usage.Add(new TokenUsage(data.GetProperty("prompt_tokens").GetInt32(), data.GetProperty("completion_tokens").GetInt32(), 0, 0));
                break;
            case "error":
                ErrorText = chunk.GetProperty("errorText").GetString();
                break;
            case "finish":
                Finished = true;
                break;
        }
    }

    public SessionOutcome Outcome => !Finished ? SessionOutcome.Running : ErrorText is null ? SessionOutcome.Completed : SessionOutcome.Failed;

    public SessionResult Result() => new(_text.ToString(), [.. _toolCalls], _usage, Queued: false, FollowUpBufferLength: 0);

    private void Complete(JsonElement chunk, JsonElement output, bool success)
    {
        var id = chunk.GetProperty("toolCallId").GetString();
        var index = _toolCalls.FindIndex(call => call.ToolCallId == id);
        if (index >= 0)
        {
            _toolCalls[index] = _toolCalls[index] with { Output = output, Success = success };
        }
    }
}
