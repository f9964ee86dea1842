using Copilot.Chat.Memories;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Memories;

/// <summary>Deletes one of the user's memories for good.</summary>
public sealed class ForgetMemoryTool(IServiceScopeFactory scopes) : StoreTool<MemoryStore>(scopes)
{
    public override string Name => "forget_memory";

    public override string Description =>
        "Permanently deletes one memory about the user, by the memory_id that search_memory or add_memory returned. "
        + "Use it when the user asks to forget something or a remembered fact is no longer true.";

    protected override string SchemaJson => """
        {
          "type": "object",
          "properties": {
            "memory_id": { "type": "string", "description": "The memory_id to delete." }
          },
          "required": ["memory_id"]
        }
        """;

    protected override async Task<ToolResult> ExecuteAsync(
        MemoryStore memories, ToolArguments arguments, string userId, CancellationToken cancellationToken)
    {
        var memoryId = arguments.RequiredString("memory_id");
        if (!Guid.TryParse(memoryId, out var id))
        {
            return ToolResult.Error($"'{memoryId}' is not a memory_id; search_memory returns them.");
        }

        return await memories.ForgetAsync(userId, id, cancellationToken)
            ? ToolOutput.Json(new { MemoryId = id, Forgotten = true })
            : ToolResult.Error($"No memory with memory_id {id}.");
    }
}
