using Copilot.Chat.Memories;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Memories;

/// <summary>Finds the user's memories relevant to a query, best match first.</summary>
public sealed class SearchMemoryTool(IServiceScopeFactory scopes) : StoreTool<MemoryStore>(scopes)
{
    public override string Name => "search_memory";

    public override string Description =>
        "Searches what was remembered about the user (add_memory), best match first. The query is full-text in web "
        + "search syntax: words, \"quoted phrases\", -excluded words. Returns each memory_id, for forget_memory.";

    protected override string SchemaJson => $$"""
        {
          "type": "object",
          "properties": {
            "query": { "type": "string", "description": "What to look for, e.g. preferred language." },
            "limit": { "type": "integer", "minimum": 1, "maximum": {{MemoryStore.MaxSearchLimit}}, "description": "Most results to return (default {{MemoryStore.DefaultSearchLimit}})." }
          },
          "required": ["query"]
        }
        """;

    protected override async Task<ToolResult> ExecuteAsync(
        MemoryStore memories, ToolArguments arguments, string userId, CancellationToken cancellationToken)
    {
        var query = arguments.RequiredString("query");
        var limit = Math.Clamp(arguments.OptionalInt("limit") ?? MemoryStore.DefaultSearchLimit, 1, MemoryStore.MaxSearchLimit);

        var result = await memories.SearchAsync(userId, query, limit, cancellationToken);
        return ToolOutput.Json(new
        {
            Query = query,
            Match = result.Match == MemoryMatch.FullText ? "full_text" : "substring",
            Count = result.Hits.Count,
            Memories = result.Hits.Select(hit => new { MemoryId = hit.Id, hit.Content, hit.CreatedAt, hit.Rank }),
        });
    }
}
