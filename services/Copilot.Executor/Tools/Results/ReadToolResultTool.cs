using System.Text.Json;
using System.Text.Json.Nodes;
using Copilot.Chat.Data;
using Copilot.Executor.Tools.Common;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.Tools.Results;

/// <summary>Pages through the whole stored output of an earlier tool call of this session, cut for the model when it came.</summary>
public sealed class ReadToolResultTool(IServiceScopeFactory scopes) : ICopilotTool
{
    public const string ToolName = "read_tool_result";

    /// <summary>Half the model's cap, so the JSON around the text (and its escapes) always fits uncut.</summary>
    public const int MaxLength = ToolOutputCut.MaxChars / 2;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Name => ToolName;

    public string Description =>
        "Reads part of an earlier tool result of this chat that was too long and was cut ('[output truncated …]'). "
        + $"Give its tool_call_id and an offset in characters; at most {MaxLength} characters come back at a time, with "
        + "total_length and next_offset to continue from.";

    public JsonObject ParametersSchema => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["tool_call_id"] = new JsonObject { ["type"] = "string", ["description"] = "The id of the tool call whose result to read." },
            ["offset"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["description"] = "First character to return. Default 0." },
            ["length"] = new JsonObject
            {
                ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxLength, ["description"] = $"Characters to return. Default {MaxLength}.",
            },
        },
        ["required"] = new JsonArray("tool_call_id"),
    };

    public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        string toolCallId;
        int offset, length;
        try
        {
            var arguments = new ToolArguments(invocation.Arguments);
            toolCallId = arguments.RequiredString("tool_call_id");
            offset = arguments.OptionalInt("offset") ?? 0;
            length = arguments.OptionalInt("length") ?? MaxLength;
        }
        catch (ToolArgumentException exception)
        {
            return ToolResult.Error(exception.Message);
        }

        if (offset < 0 || length is < 1 or > MaxLength)
        {
            return ToolResult.Error($"offset must not be negative and length must be between 1 and {MaxLength}.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        // Only this session's rows: a call id of another chat reads as unknown.
        var row = await db.Messages.AsNoTracking()
            .Where(message => message.SessionId == invocation.SessionId && message.Role == ChatRoles.Tool && message.ToolCallId == toolCallId)
            .OrderByDescending(message => message.Sequence)
            .Select(message => new { message.Name, message.Content })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return ToolResult.Error($"No tool result with tool_call_id '{toolCallId}' in this chat.");
        }

        var content = row.Content ?? "";
        if (offset > content.Length)
        {
            return ToolResult.Error($"offset {offset} is past the end: the result has {content.Length} characters.");
        }

        var part = content.Substring(offset, Math.Min(length, content.Length - offset));
        var next = offset + part.Length;
        return new ToolResult(JsonSerializer.Serialize(new
        {
            ToolCallId = toolCallId,
            ToolName = row.Name,
            Offset = offset,
            TotalLength = content.Length,
            NextOffset = next < content.Length ? next : (int?)null,
            Content = part,
        }, Json));
    }
}
