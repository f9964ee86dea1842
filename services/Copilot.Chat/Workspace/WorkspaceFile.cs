namespace Copilot.Chat.Workspace;

/// <summary>
/// A file in a user's workspace; chat messages refer to these by id (<c>file_ids</c>). A user has at most one live
/// file per name: writing that name again replaces the content and keeps the id.
/// </summary>
public sealed class WorkspaceFile
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    public required string MimeType { get; set; }

    public long SizeBytes { get; set; }

    public byte[] Content { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set by a delete; the row stays (old messages' attachments still describe it) but its bytes are released.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
