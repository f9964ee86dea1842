using Copilot.Chat.Memories;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Memories;

/// <summary>Remembers a fact about the user across sessions.</summary>
public sealed class AddMemoryTool(IServiceScopeFactory scopes) : StoreTool<MemoryStore>(scopes)
{
    public override string Name => "add_memory";

    public override string Description =>
        "Remembers one fact or preference about the user for future conversations (e.g. \"Prefers answers in metric "
        + "units\"). Store short, self-contained statements; the same text stored twice is kept once.";

    protected override string SchemaJson => """
        {
          "type": "object",
          "properties": {
            "content": { "type": "string", "description": "The fact to remember, as a short self-contained statement." }
          },
          "required": ["content"]
        }
        """;

    protected override async Task<ToolResult> ExecuteAsync(
        MemoryStore memories, ToolArguments arguments, string userId, CancellationToken cancellationToken) =>
        await memories.AddAsync(userId, arguments.RequiredString("content"), cancellationToken) switch
        {
            MemoryAdded added => ToolOutput.Json(new
            {
                MemoryId = added.Memory.Id,
                added.Memory.Content,
                added.Memory.CreatedAt,
                added.AlreadyRemembered,
            }),
            MemoryRefused refused => ToolResult.Error(refused.Detail),
            var other => throw new InvalidOperationException($"Unexpected add result {other}."),
        };
}
