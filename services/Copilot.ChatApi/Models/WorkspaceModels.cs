using Copilot.Chat.Workspace;

namespace Copilot.ChatApi.Models;

public sealed record WorkspaceFileResponse(Guid Id, string Name, string MimeType, long SizeBytes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WorkspaceFileResponse From(WorkspaceFileInfo file) =>
        new(file.Id, file.Name, file.MimeType, file.SizeBytes, file.CreatedAt, file.UpdatedAt);
}

public sealed record WorkspaceQuotaResponse(long UsedBytes, long MaxBytes, int FileCount, int MaxFiles, long MaxFileBytes)
{
    public static WorkspaceQuotaResponse From(WorkspaceUsage usage) =>
        new(usage.UsedBytes, usage.MaxTotalBytes, usage.FileCount, usage.MaxFileCount, usage.MaxFileBytes);
}

public sealed record WorkspaceFileListResponse(IReadOnlyList<WorkspaceFileResponse> Files, int Total, WorkspaceQuotaResponse Quota);
