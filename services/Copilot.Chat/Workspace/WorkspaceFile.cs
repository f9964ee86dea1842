namespace Copilot.Chat.Workspace;

/// <summary>A file in a user's workspace; chat messages refer to these by id (<c>file_ids</c>).</summary>
public sealed class WorkspaceFile
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    public required string MimeType { get; set; }

    public long SizeBytes { get; set; }

    public byte[] Content { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}
