using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;

namespace Copilot.ChatApi.History;

/// <summary>One page of history, oldest first.</summary>
public sealed record HistoryPage(IReadOnlyList<ChatMessage> Messages, bool HasMore)
{
    public int? OldestSequence => Messages.Count > 0 ? Messages[0].Sequence : null;
}

/// <summary>
/// Backward pagination over a session's messages (newest page first, cursor <c>before_sequence</c>), with the two
/// expansions that keep a page renderable: a page starting inside a tool group reaches back to the assistant row that
/// made the calls, and a page with nothing but (hidden) tool rows reaches back to the nearest user/assistant row.
/// </summary>
public sealed partial class HistoryPager(ChatDbContext db, ILogger<HistoryPager> logger)
{
    public const int BoundaryScanLimit = 10;
    public const int VisibilityExpandLimit = 200;

    public async Task<HistoryPage> GetPageAsync(Guid sessionId, int limit, int? beforeSequence, CancellationToken cancellationToken)
    {
        var newestFirst = await Before(sessionId, beforeSequence).Take(limit + 1).ToListAsync(cancellationToken);
        var hasMore = newestFirst.Count > limit;
        var page = newestFirst.Take(limit).Reverse().ToList();

        if (page.Count > 0 && page[0].Role == ChatRoles.Tool)
        {
            var scanned = await Before(sessionId, page[0].Sequence).Take(BoundaryScanLimit).ToListAsync(cancellationToken);
            var owner = scanned.FindIndex(m => m.Role != ChatRoles.Tool);
            if (owner < 0)
            {
                LogBoundaryOwnerMissing(sessionId, page[0].Sequence, scanned.Count);
            }

            hasMore = Prepend(page, owner < 0 ? scanned : scanned[..(owner + 1)], hasMore);
        }

        if (page.Count > 0 && !page.Any(IsVisible))
        {
            var scanned = await Before(sessionId, page[0].Sequence).Take(VisibilityExpandLimit).ToListAsync(cancellationToken);
            if (scanned.Count > 0)
            {
                var visible = scanned.FindIndex(IsVisible);
                if (visible < 0)
                {
                    LogVisibleMissing(sessionId, page[0].Sequence, scanned.Count);
                }

                hasMore = Prepend(page, visible < 0 ? scanned : scanned[..(visible + 1)], hasMore);
            }
        }

        return new HistoryPage(page, hasMore);
    }

    private static bool IsVisible(ChatMessage message) => message.Role is ChatRoles.User or ChatRoles.Assistant;

    /// <summary>Prepends rows scanned newest-first; whether more exist is then decided by the new oldest row.</summary>
    private static bool Prepend(List<ChatMessage> page, List<ChatMessage> scannedNewestFirst, bool hasMore)
    {
        if (scannedNewestFirst.Count == 0)
        {
            return hasMore;
        }

        scannedNewestFirst.Reverse();
        page.InsertRange(0, scannedNewestFirst);
        return page[0].Sequence > 0;
    }

    private IQueryable<ChatMessage> Before(Guid sessionId, int? sequence)
    {
        var query = db.Messages.AsNoTracking().Where(m => m.SessionId == sessionId);
        if (sequence is { } before)
        {
            query = query.Where(m => m.Sequence < before);
        }

        return query.OrderByDescending(m => m.Sequence);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Boundary expansion did not find owning assistant message for session={SessionId} before sequence={Sequence} ({Scanned} msgs scanned)")]
    private partial void LogBoundaryOwnerMissing(Guid sessionId, int sequence, int scanned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Visibility expansion did not find any user/assistant message for session={SessionId} before sequence={Sequence} ({Scanned} msgs scanned)")]
    private partial void LogVisibleMissing(Guid sessionId, int sequence, int scanned);
}
