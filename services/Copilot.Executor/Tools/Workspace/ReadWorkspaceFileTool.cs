using Copilot.Chat.Workspace;
using Copilot.Executor.Tools.Common;

namespace Copilot.Executor.Tools.Workspace;

/// <summary>Reads a workspace text file, whole or by line range, telling the model how many lines there are.</summary>
public sealed class ReadWorkspaceFileTool(IServiceScopeFactory scopes) : StoreTool<WorkspaceFiles>(scopes)
{
    /// <summary>Half the model's tool-output cap, so the JSON around the text (and its escapes) always fits.</summary>
    public const int MaxContentChars = ToolRunner.MaxOutputCharsForModel / 2;

    public override string Name => "read_workspace_file";

    public override string Description =>
        "Reads a text file from the user's workspace by file_id (from list_workspace_files or an [Attached files] block) "
        + "or by name. Optionally only lines start_line..end_line (1-based, inclusive). The answer says total_lines; a "
        + $"read longer than {MaxContentChars} characters stops early and gives next_start_line to continue from.";

    protected override string SchemaJson => """
        {
          "type": "object",
          "properties": {
            "file_id": { "type": "string", "description": "The file's id. Either file_id or name is required." },
            "name": { "type": "string", "description": "The file's name, when the id is not known." },
            "start_line": { "type": "integer", "minimum": 1, "description": "First line to return (1-based). Default 1." },
            "end_line": { "type": "integer", "minimum": 1, "description": "Last line to return (inclusive). Default: the last line." }
          }
        }
        """;

    protected override async Task<ToolResult> ExecuteAsync(
        WorkspaceFiles files, ToolArguments arguments, string userId, CancellationToken cancellationToken)
    {
        var fileId = arguments.OptionalString("file_id");
        var name = arguments.OptionalString("name");
        var startLine = arguments.OptionalInt("start_line");
        var endLine = arguments.OptionalInt("end_line");

        WorkspaceFileContent? file;
        if (!string.IsNullOrWhiteSpace(fileId))
        {
            if (!Guid.TryParse(fileId, out var id))
            {
                return ToolResult.Error($"'{fileId}' is not a file_id; use list_workspace_files to find one, or pass the name.");
            }

            file = await files.ReadAsync(userId, id, cancellationToken);
        }
        else if (!string.IsNullOrWhiteSpace(name))
        {
            file = await files.ReadByNameAsync(userId, name, cancellationToken);
        }
        else
        {
            return ToolResult.Error("Pass file_id or name.");
        }

        if (file is null)
        {
            return ToolResult.Error($"No workspace file {(string.IsNullOrWhiteSpace(fileId) ? $"named '{name}'" : $"with file_id {fileId}")}; "
                + "list_workspace_files shows the files there are.");
        }

        var info = file.Info;
        if (!TextLines.TryDecode(file.Content, out var text))
        {
            return ToolResult.Error($"'{info.Name}' is a binary file ({info.MimeType}, {WorkspaceQuota.Format(info.SizeBytes)}); "
                + "its content cannot be shown as text.");
        }

        var slice = TextLines.Slice(text, startLine, endLine, MaxContentChars);
        return ToolOutput.Json(new
        {
            FileId = info.Id,
            info.Name,
            info.MimeType,
            info.SizeBytes,
            slice.TotalLines,
            slice.StartLine,
            slice.EndLine,
            slice.Content,
            Truncated = slice.Truncated ? true : (bool?)null,
            NextStartLine = slice.Truncated ? slice.EndLine + 1 : (int?)null,
            Note = slice.LastLineCut ? $"Line {slice.EndLine} is longer than {MaxContentChars} characters; only its start is shown." : null,
        });
    }
}
