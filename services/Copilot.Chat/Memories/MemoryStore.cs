using Copilot.Chat.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Copilot.Chat.Memories;

public sealed record RememberedFact(Guid Id, string Content, DateTimeOffset CreatedAt);

/// <summary>A search hit; <see cref="Rank"/> is PostgreSQL's <c>ts_rank</c> for full-text hits and null for substring hits.</summary>
public sealed record MemoryHit(Guid Id, string Content, DateTimeOffset CreatedAt, float? Rank);

public enum MemoryMatch
{
    FullText,
    Substring,
}

public sealed record MemorySearchResult(IReadOnlyList<MemoryHit> Hits, MemoryMatch Match);

public abstract record MemoryAddResult;

public sealed record MemoryAdded(RememberedFact Memory, bool AlreadyRemembered) : MemoryAddResult;

public sealed record MemoryRefused(string Detail) : MemoryAddResult;

/// <summary>
/// A user's memories. Every query is scoped to one user: another user's memory is reported exactly like a missing one.
/// </summary>
public sealed class MemoryStore(ChatDbContext db, IOptions<MemoryOptions> options, TimeProvider time)
{
    /// <summary>The text-search configuration of the generated column; queries must use the same one to match.</summary>
    public const string TextSearchConfig = "english";

    public const int DefaultSearchLimit = 10;
    public const int MaxSearchLimit = 50;

    private const string LikeEscape = "\\";

    private MemoryOptions Limits => options.Value;

    /// <summary>Stores <paramref name="content"/> (trimmed); the same text stored twice is one memory.</summary>
    public async Task<MemoryAddResult> AddAsync(string userId, string content, CancellationToken cancellationToken)
    {
        content = content.Trim();
        if (content.Length == 0)
        {
            return new MemoryRefused("The memory must not be empty.");
        }

        if (content.Length > Limits.MaxContentLength)
        {
            return new MemoryRefused(
                $"The memory is {content.Length} characters; the limit is {Limits.MaxContentLength}. Store one short fact per memory.");
        }

        return await UserWriteLock.RunAsync<MemoryAddResult>(db, UserLockScope.Memory, userId, async token =>
        {
            if (await Owned(userId).AsNoTracking().FirstOrDefaultAsync(m => m.Content == content, token) is { } known)
            {
                return new MemoryAdded(ToFact(known), AlreadyRemembered: true);
            }

            if (await Owned(userId).CountAsync(token) >= Limits.MaxMemoriesPerUser)
            {
                return new MemoryRefused(
                    $"There are already {Limits.MaxMemoriesPerUser} memories, the limit; forget outdated ones first.");
            }

            var memory = db.Memories.Add(new Memory
            {
                Id = Guid.NewGuid(),
                UserId = userId,
                Content = content,
                CreatedAt = time.GetUtcNow(),
            }).Entity;
            await db.SaveChangesAsync(token);
            return new MemoryAdded(ToFact(memory), AlreadyRemembered: false);
        }, cancellationToken);
    }

    /// <summary>
    /// Full-text search (web-search syntax: words, "quoted phrases", -exclusions), best rank first. When that finds
    /// nothing — the query had no lexemes (only stop words or symbols) or its words occur only inside longer words —
    /// falls back to a case-insensitive substring match, newest first.
    /// </summary>
    public async Task<MemorySearchResult> SearchAsync(string userId, string query, int limit, CancellationToken cancellationToken)
    {
        query = query.Trim();
        limit = Math.Clamp(limit, 1, MaxSearchLimit);
        var ranked = await Owned(userId).AsNoTracking()
            .Where(m => m.SearchVector.Matches(EF.Functions.WebSearchToTsQuery(TextSearchConfig, query)))
            .Select(m => new
            {
                m.Id,
                m.Content,
                m.CreatedAt,
                Rank = m.SearchVector.Rank(EF.Functions.WebSearchToTsQuery(TextSearchConfig, query)),
            })
            .OrderByDescending(m => m.Rank).ThenByDescending(m => m.CreatedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        if (ranked.Count > 0)
        {
            return new MemorySearchResult([.. ranked.Select(m => new MemoryHit(m.Id, m.Content, m.CreatedAt, m.Rank))], MemoryMatch.FullText);
        }

        var pattern = $"%{EscapeLikePattern(query)}%";
        var contained = await Owned(userId).AsNoTracking()
            .Where(m => EF.Functions.ILike(m.Content, pattern, LikeEscape))
            .OrderByDescending(m => m.CreatedAt)
            .Take(limit)
            .Select(m => new MemoryHit(m.Id, m.Content, m.CreatedAt, null))
            .ToListAsync(cancellationToken);
        return new MemorySearchResult(contained, MemoryMatch.Substring);
    }

    /// <returns>False when the user has no such memory.</returns>
    public async Task<bool> ForgetAsync(string userId, Guid memoryId, CancellationToken cancellationToken) =>
        await Owned(userId).Where(m => m.Id == memoryId).ExecuteDeleteAsync(cancellationToken) > 0;

    private static string EscapeLikePattern(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);

    private IQueryable<Memory> Owned(string userId) => db.Memories.Where(m => m.UserId == userId);

    private static RememberedFact ToFact(Memory memory) => new(memory.Id, memory.Content, memory.CreatedAt);
}
