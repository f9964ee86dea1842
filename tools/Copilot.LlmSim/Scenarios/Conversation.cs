using Copilot.LlmSim.Protocol;

namespace Copilot.LlmSim.Scenarios;

/// <summary>What a scenario needs to know about the conversation so far.</summary>
public sealed record Conversation(
    string LastUserText,
    int CompletedToolRounds,
    IReadOnlyList<ToolResult> TrailingToolResults,
    IReadOnlyList<string> DeclaredToolNames,
    bool ReasoningRequested)
{
    public const int OutlineTextLength = 60;

    private IReadOnlyList<ChatMessage> _messages = [];

    /// <summary>The reasoning <c>max_tokens</c> the request asked for; null when it asked for none.</summary>
    public int? ReasoningBudget { get; init; }

    /// <summary>
    /// One line per message of the request, for <c>[sim:context]</c> (see <see cref="Outline"/>); built only when asked
    /// for, so other requests do not pay for parsing every message.
    /// </summary>
    public IReadOnlyList<string> MessageOutlines() => [.. _messages.Select(message => Outline(message, _messages))];

    /// <summary>How the executor's title requests open (<c>SessionTitler.Instructions</c>).</summary>
    public const string TitleRequestOpening = "Title this chat.";

    /// <summary>A request to name a chat: no tools, and the title instructions as its system prompt.</summary>
    public bool IsTitleRequest => DeclaredToolNames.Count == 0 && SystemText().StartsWith(TitleRequestOpening, StringComparison.Ordinal);

    /// <summary>The request's system prompt, whole, for <c>[sim:system]</c>; empty when it has none.</summary>
    public string SystemText() => _messages.FirstOrDefault(message => message.Role == MessageRoles.System)?.Text ?? "";

    public static Conversation From(ChatCompletionRequest request)
    {
        var messages = request.Messages ?? [];
        var lastUserIndex = LastIndexOf(messages, MessageRoles.User);

        // Each tool round the model already asked for since the user spoke left one assistant message with tool calls.
        var completedRounds = messages.Skip(lastUserIndex + 1)
            .Count(message => message.Role == MessageRoles.Assistant && message.ToolCalls is { Count: > 0 });

        var trailingToolResults = messages.Reverse()
            .TakeWhile(message => message.Role == MessageRoles.Tool)
            .Reverse()
            .Select(message => new ToolResult(ToolNameOf(message, messages), message.Text))
            .ToList();

        var declaredToolNames = (request.Tools ?? [])
            .Select(tool => tool.Function?.Name)
            .OfType<string>()
            .ToList();

        return new Conversation(
            lastUserIndex < 0 ? "" : messages[lastUserIndex].Text,
            completedRounds,
            trailingToolResults,
            declaredToolNames,
            request.Reasoning?.MaxTokens > 0)
        {
            _messages = messages,
            ReasoningBudget = request.Reasoning?.MaxTokens > 0 ? request.Reasoning.MaxTokens : null,
        };
    }

    /// <summary>
    /// The role, the tools a message calls or answers, and the start of its text with markers cut out and whitespace
    /// collapsed: enough for a test to see which messages a client sent, short enough to read.
    /// </summary>
    private static string Outline(ChatMessage message, IReadOnlyList<ChatMessage> messages)
    {
        var text = string.Join(' ', MarkerParser.Parse(message.Text).Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > OutlineTextLength)
        {
            text = text[..OutlineTextLength] + "…";
        }

        var tools = message.ToolCalls is { Count: > 0 } calls ? $" (calls {string.Join(", ", calls.Select(call => call.Function?.Name))})"
            : message.Role == MessageRoles.Tool ? $" ({ToolNameOf(message, messages)})"
            : "";
        return $"{message.Role}{tools}: {text}".TrimEnd();
    }

    private static int LastIndexOf(IReadOnlyList<ChatMessage> messages, string role)
    {
        for (var index = messages.Count - 1; index >= 0; index--)
        {
            if (messages[index].Role == role)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Tool messages name only the call they answer; the name lives on the assistant message that made it.</summary>
    private static string ToolNameOf(ChatMessage toolMessage, IReadOnlyList<ChatMessage> messages) =>
        messages
            .Where(message => message.Role == MessageRoles.Assistant)
            .SelectMany(message => message.ToolCalls ?? [])
            .LastOrDefault(call => call.Id is not null && call.Id == toolMessage.ToolCallId)?.Function?.Name
        ?? toolMessage.Name
        ?? "unknown";
}

public sealed record ToolResult(string ToolName, string Content);
