using Copilot.Chat.Workspace;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Workspace;

/// <summary>Lists the user's workspace files, most recently changed first, with the quota they use.</summary>
public sealed class ListWorkspaceFilesTool(IServiceScopeFactory scopes) : StoreTool<WorkspaceFiles>(scopes)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public override string Name => "list_workspace_files";

    public override string Description =>
        "Lists the files in the user's workspace (uploaded by the user or written with write_workspace_file), most "
        + "recently changed first, with each file_id, name, media type and size, and the storage quota used.";

    protected override string SchemaJson => $$"""
        {
          "type": "object",
          "properties": {
            "limit": { "type": "integer", "minimum": 1, "maximum": {{MaxLimit}}, "description": "Files per page (default {{DefaultLimit}})." },
            "offset": { "type": "integer", "minimum": 0, "description": "Files to skip, for the next page." }
          }
        }
        """;

    protected override async Task<ToolResult> ExecuteAsync(
        WorkspaceFiles files, ToolArguments arguments, string userId, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(arguments.OptionalInt("limit") ?? DefaultLimit, 1, MaxLimit);
        var offset = Math.Max(arguments.OptionalInt("offset") ?? 0, 0);

        var page = await files.ListAsync(userId, limit, offset, cancellationToken);
        return ToolOutput.Json(new
        {
            Files = page.Files.Select(f => new { FileId = f.Id, f.Name, f.MimeType, f.SizeBytes, f.UpdatedAt }),
            page.Total,
            Offset = offset,
            page.Usage.UsedBytes,
            page.Usage.MaxTotalBytes,
        });
    }
}
