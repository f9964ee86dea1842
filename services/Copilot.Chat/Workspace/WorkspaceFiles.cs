using System.Globalization;
using System.Text;
using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Chat.Workspace;

/// <summary>A file attached to a message: enough to describe it to the model without loading its content.</summary>
public sealed record AttachedFile(Guid Id, string Name, string MimeType, long SizeBytes);

public sealed class WorkspaceFiles(ChatDbContext db)
{
    /// <summary>
    /// The ids that are well-formed, belong to the user and are not deleted, in one query. Anything else is dropped
    /// silently: a foreign id must look exactly like a missing one.
    /// </summary>
    public async Task<IReadOnlyList<AttachedFile>> ResolveAsync(string userId, IEnumerable<string>? fileIds, CancellationToken cancellationToken)
    {
        var ids = (fileIds ?? []).Select(id => Guid.TryParse(id, out var parsed) ? parsed : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        return await db.WorkspaceFiles.AsNoTracking()
            .Where(f => ids.Contains(f.Id) && f.UserId == userId && f.DeletedAt == null)
            .OrderBy(f => f.CreatedAt)
            .Select(f => new AttachedFile(f.Id, f.Name, f.MimeType, f.SizeBytes))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The text appended to a message that carries attachments, telling the model how to open them.</summary>
    public static string AttachmentBlock(IReadOnlyList<AttachedFile> files)
    {
        var block = new StringBuilder("\n\n[Attached files]\n");
        block.AppendJoin('\n', files.Select(f =>
            string.Create(CultureInfo.InvariantCulture, $"- {f.Name} ({f.MimeType}, {Math.Round(f.SizeBytes / 1024.0, 1)} KB), file_id={f.Id}")));
        block.Append("\nUse read_workspace_file with the file_id to access file contents.");
        return block.ToString();
    }
}
