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
            request.Reasoning?.MaxTokens > 0);
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
