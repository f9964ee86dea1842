using System.Text;
using Copilot.Chat.Workspace;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Workspace;

/// <summary>Saves text to the user's workspace: a new name creates a file, a taken name replaces that file's content.</summary>
public sealed class WriteWorkspaceFileTool(IServiceScopeFactory scopes) : StoreTool<WorkspaceFiles>(scopes)
{
    public override string Name => "write_workspace_file";

    public override string Description =>
        "Saves a text file in the user's workspace, which persists across chat sessions. Writing a name that already "
        + "exists replaces that file's content (its file_id stays the same). Returns the file's file_id and size.";

    protected override string SchemaJson => """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "File name, e.g. notes.md or report.csv." },
            "content": { "type": "string", "description": "The whole text content of the file." },
            "mime_type": { "type": "string", "description": "Media type, e.g. text/markdown. Inferred from the name when omitted." }
          },
          "required": ["name", "content"]
        }
        """;

    protected override async Task<ToolResult> ExecuteAsync(
        WorkspaceFiles files, ToolArguments arguments, string userId, CancellationToken cancellationToken)
    {
        var name = arguments.RequiredString("name");
        var content = arguments.OptionalString("content") ?? throw new ToolArgumentException("'content' is required and must be a string.");
        var mimeType = WorkspaceFileRules.ResolveMimeType(name, arguments.OptionalString("mime_type"), WorkspaceFileRules.TextMimeType);

        var result = await files.WriteAsync(userId, new WorkspaceWrite(name, mimeType, Encoding.UTF8.GetBytes(content)), cancellationToken);
        return result switch
        {
            WorkspaceFileSaved saved => ToolOutput.Json(new
            {
                FileId = saved.File.Id,
                saved.File.Name,
                saved.File.MimeType,
                saved.File.SizeBytes,
                TotalLines = TextLines.Count(content),
                saved.Replaced,
            }),
            WorkspaceWriteRefused refused => ToolResult.Error(refused.Detail),
            _ => throw new InvalidOperationException($"Unexpected write result {result}."),
        };
    }
}
