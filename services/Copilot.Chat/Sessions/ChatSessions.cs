using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Chat.Sessions;

/// <summary>Creating sessions and finding them on behalf of their owner — the one ownership rule every caller shares.</summary>
public sealed class ChatSessions(ChatDbContext db, TimeProvider time)
{
    public const int MaxTitleLength = 500;

    public async Task<ChatSession> CreateAsync(string userId, SessionMetadata metadata, string? title, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new ChatSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Title = title is { Length: > MaxTitleLength } ? title[..MaxTitleLength] : title,
            CreatedAt = now,
            UpdatedAt = now,
            Metadata = metadata.ToJson(),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>The session if it exists and belongs to <paramref name="userId"/>; otherwise null, whichever the reason.</summary>
    public Task<ChatSession?> FindOwnedAsync(Guid sessionId, string userId, CancellationToken cancellationToken) =>
        db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
}
