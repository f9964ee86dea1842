namespace Copilot.Chat.Workspace;

/// <summary>A workspace file's metadata, without its content.</summary>
public sealed record WorkspaceFileInfo(Guid Id, string Name, string MimeType, long SizeBytes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A workspace file with its bytes.</summary>
public sealed record WorkspaceFileContent(WorkspaceFileInfo Info, byte[] Content);

/// <summary>How much of the workspace quota a user has used.</summary>
public sealed record WorkspaceUsage(long UsedBytes, int FileCount, long MaxTotalBytes, int MaxFileCount, long MaxFileBytes);

/// <summary>One page of a user's files, newest change first.</summary>
public sealed record WorkspacePage(IReadOnlyList<WorkspaceFileInfo> Files, int Total, WorkspaceUsage Usage);

/// <summary>A file to write: a new name creates a file, an existing one replaces its content.</summary>
public sealed record WorkspaceWrite(string Name, string MimeType, byte[] Content);

public enum WorkspaceRefusal
{
    /// <summary>The name or media type is not acceptable.</summary>
    InvalidInput,

    /// <summary>The file alone is over the per-file limit.</summary>
    FileTooLarge,

    /// <summary>The file fits, but not in what is left of the user's total size or file count.</summary>
    QuotaExceeded,
}

public abstract record WorkspaceWriteResult;

public sealed record WorkspaceFileSaved(WorkspaceFileInfo File, bool Replaced) : WorkspaceWriteResult;

public sealed record WorkspaceWriteRefused(WorkspaceRefusal Reason, string Detail) : WorkspaceWriteResult;
