using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Copilot.Chat.Workspace;

/// <summary>A file attached to a message: enough to describe it to the model without loading its content.</summary>
public sealed record AttachedFile(Guid Id, string Name, string MimeType, long SizeBytes);

/// <summary>
/// Users' workspace files, shared by the HTTP API and the model's tools. Every query is scoped to one user: another
/// user's file is reported exactly like a missing one. Deleted files are kept as rows without content.
/// </summary>
public sealed class WorkspaceFiles(ChatDbContext db, IOptions<WorkspaceOptions> options, TimeProvider time)
{
    private WorkspaceOptions Limits => options.Value;

    /// <summary>Creates the file, or replaces the content of the user's live file with the same name (keeping its id).</summary>
    public async Task<WorkspaceWriteResult> WriteAsync(string userId, WorkspaceWrite write, CancellationToken cancellationToken)
    {
        if ((WorkspaceFileRules.ValidateName(write.Name) ?? WorkspaceFileRules.ValidateMimeType(write.MimeType)) is { } invalid)
        {
            return new WorkspaceWriteRefused(WorkspaceRefusal.InvalidInput, invalid);
        }

        if (WorkspaceQuota.CheckFileSize(Limits, write.Content.LongLength) is { } tooLarge)
        {
            return tooLarge;
        }

        return await UserWriteLock.RunAsync<WorkspaceWriteResult>(db, UserLockScope.Workspace, userId, async token =>
        {
            var existing = await Live(userId).FirstOrDefaultAsync(f => f.Name == write.Name, token);
            if (WorkspaceQuota.Check(Limits, await UsageAsync(userId, token), write.Content.LongLength, existing?.SizeBytes) is { } refused)
            {
                return refused;
            }

            var now = time.GetUtcNow();
            var file = existing ?? db.WorkspaceFiles.Add(new WorkspaceFile
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                Name = write.Name,
                MimeType = write.MimeType,
                CreatedAt = now,
            }).Entity;
            file.MimeType = write.MimeType;
            file.Content = write.Content;
            file.SizeBytes = write.Content.LongLength;
            file.UpdatedAt = now;
            await db.SaveChangesAsync(token);
            return new WorkspaceFileSaved(ToInfo(file), Replaced: existing is not null);
        }, cancellationToken);
    }

    public async Task<WorkspacePage> ListAsync(string userId, int limit, int offset, CancellationToken cancellationToken)
    {
        var usage = await UsageAsync(userId, cancellationToken);
        var files = await Live(userId).AsNoTracking()
            .OrderByDescending(f => f.UpdatedAt).ThenBy(f => f.Id)
            .Skip(offset).Take(limit)
            .Select(f => new WorkspaceFileInfo(f.Id, f.Name, f.MimeType, f.SizeBytes, f.CreatedAt, f.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new WorkspacePage(files, usage.FileCount, usage);
    }

    public Task<WorkspaceFileInfo?> GetInfoAsync(string userId, Guid fileId, CancellationToken cancellationToken) =>
        Live(userId).AsNoTracking().Where(f => f.Id == fileId)
            .Select(f => new WorkspaceFileInfo(f.Id, f.Name, f.MimeType, f.SizeBytes, f.CreatedAt, f.UpdatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<WorkspaceFileContent?> ReadAsync(string userId, Guid fileId, CancellationToken cancellationToken) =>
        ReadWhereAsync(userId, f => f.Id == fileId, cancellationToken);

    public Task<WorkspaceFileContent?> ReadByNameAsync(string userId, string name, CancellationToken cancellationToken) =>
        ReadWhereAsync(userId, f => f.Name == name, cancellationToken);

    /// <returns>False when the user has no such live file.</returns>
    public async Task<bool> DeleteAsync(string userId, Guid fileId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = await Live(userId).Where(f => f.Id == fileId)
            .ExecuteUpdateAsync(update => update
                .SetProperty(f => f.DeletedAt, now)
                .SetProperty(f => f.Content, Array.Empty<byte>()), cancellationToken);
        return deleted > 0;
    }

    public async Task<WorkspaceUsage> UsageAsync(string userId, CancellationToken cancellationToken)
    {
        var totals = await Live(userId)
            .GroupBy(f => f.UserId)
            .Select(g => new { Bytes = g.Sum(f => f.SizeBytes), Count = g.Count() })
            .FirstOrDefaultAsync(cancellationToken);
        return new WorkspaceUsage(totals?.Bytes ?? 0, totals?.Count ?? 0, Limits.MaxTotalBytes, Limits.MaxFileCount, Limits.MaxFileBytes);
    }

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

        return await Live(userId).AsNoTracking()
            .Where(f => ids.Contains(f.Id))
            .OrderBy(f => f.CreatedAt)
            .Select(f => new AttachedFile(f.Id, f.Name, f.MimeType, f.SizeBytes))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The text appended to a message that carries attachments, telling the model how to open them.</summary>
    public static string AttachmentBlock(IReadOnlyList<AttachedFile> files)
    {
        var block = new StringBuilder("\n\n[Attached files]\n");
        block.AppendJoin('\n', files.Select(f =>
            string.Create(CultureInfo.InvariantCulture, $"- {f.Name} ({f.MimeType}, {Math.Round(f.SizeBytes / 1024.0, 1):0.0} KB), file_id={f.Id}")));
        block.Append("\nUse read_workspace_file with the file_id to access file contents.");
        return block.ToString();
    }

    private IQueryable<WorkspaceFile> Live(string userId) =>
        db.WorkspaceFiles.Where(f => f.UserId == userId && f.DeletedAt == null);

    private async Task<WorkspaceFileContent?> ReadWhereAsync(
        string userId, Expression<Func<WorkspaceFile, bool>> match, CancellationToken cancellationToken)
    {
        var file = await Live(userId).AsNoTracking().Where(match).FirstOrDefaultAsync(cancellationToken);
        return file is null ? null : new WorkspaceFileContent(ToInfo(file), file.Content);
    }

    private static WorkspaceFileInfo ToInfo(WorkspaceFile file) =>
        new(file.Id, file.Name, file.MimeType, file.SizeBytes, file.CreatedAt, file.UpdatedAt);
}
