using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Copilot.Chat.Data;

/// <summary>
/// Appends rows to a session's history with dense per-session sequence numbers. Each append runs in a transaction that
/// first touches the session row: that row lock queues concurrent writers of one session, so the tail each of them
/// reads is final and no two rows ever claim the same sequence (a retry-on-conflict loop could starve under load).
/// </summary>
public sealed class ChatHistory(ChatDbContext db, TimeProvider time)
{
    public Task AppendAsync(Guid sessionId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken) =>
        AppendUnlessAsync(sessionId, messages, already: null, cancellationToken);

    /// <returns>False when <paramref name="already"/>, asked under the session's row lock, found the rows not needed.</returns>
    private async Task<bool> AppendUnlessAsync(Guid sessionId, IReadOnlyList<ChatMessage> messages,
        Func<CancellationToken, Task<bool>>? already, CancellationToken cancellationToken)
    {
        // The context retries transient failures; a retry replays the whole transaction, so changes are accepted
        // only once it has committed.
        var strategy = db.Database.CreateExecutionStrategy();
        bool appended;
        try
        {
            appended = await AppendInTransactionAsync(strategy, sessionId, messages, already, cancellationToken);
        }
        catch
        {
            // A failed append leaves nothing behind in the context. Rows still tracked as Added would be inserted by the
            // next save on it (a turn's error card after its rows failed to store while PostgreSQL restarted), under
            // the very sequence numbers that next append hands out: a duplicate key, and the error card lost with it.
            foreach (var message in messages)
            {
                db.Entry(message).State = EntityState.Detached;
            }

            throw;
        }

        if (appended)
        {
            db.ChangeTracker.AcceptAllChanges();
        }

        return appended;
    }

    private Task<bool> AppendInTransactionAsync(IExecutionStrategy strategy, Guid sessionId, IReadOnlyList<ChatMessage> messages,
        Func<CancellationToken, Task<bool>>? already, CancellationToken cancellationToken) =>
        strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var now = time.GetUtcNow();
            await db.Sessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(update => update.SetProperty(s => s.UpdatedAt, now), token);
            if (already is not null && await already(token))
            {
                return false;
            }

            var next = await NextSequenceAsync(sessionId, token);
            foreach (var message in messages)
            {
                message.SessionId = sessionId;
                message.Sequence = next++;
                message.CreatedAt = now;
                db.Messages.Add(message);
            }

            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
            await transaction.CommitAsync(token);
            return true;
        }, cancellationToken);

    /// <summary>Rewrites the content of a row this instance appended (a reasoning row growing while its block streams).</summary>
    public async Task UpdateContentAsync(ChatMessage message, string content)
    {
        message.Content = content;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// The stored user message a send of <paramref name="content"/> repeats — the same send arriving again — when the
    /// session's trailing block of user messages already holds that text. PostgreSQL is read directly, so the check is
    /// authoritative. The same text after a reply is a new message ("yes" → answer → "yes").
    /// </summary>
    public async Task<RepeatedMessage?> FindRepeatedAsync(Guid sessionId, string content, CancellationToken cancellationToken)
    {
        var trailing = await db.Messages.AsNoTracking()
            .Where(m => m.SessionId == sessionId)
            .OrderByDescending(m => m.Sequence)
            .Take(20)
            .Select(m => new { m.Role, m.Content, m.TurnId })
            .ToListAsync(cancellationToken);
        return trailing.TakeWhile(m => m.Role == ChatRoles.User).FirstOrDefault(m => m.Content == content) is { } match
            ? new RepeatedMessage(match.TurnId)
            : null;
    }

    /// <summary>The contents of the user rows <paramref name="turnId"/> stored (its message, the follow-ups it took in).</summary>
    public async Task<IReadOnlyList<string>> UserContentsOfTurnAsync(Guid sessionId, Guid turnId) =>
        await db.Messages.AsNoTracking()
            .Where(m => m.SessionId == sessionId && m.TurnId == turnId && m.Role == ChatRoles.User && m.Content != null)
            .Select(m => m.Content!)
            .ToListAsync();

    /// <summary>
    /// Leaves the assistant row that marks how a turn ended (an error card or the stop marker), once: the check runs
    /// under the session's row lock, so the turn's ender and the executors' sweep (which stores it when the ender could
    /// not) never both store it. False when it was already stored.
    /// </summary>
    public Task<bool> AppendNoticeAsync(Guid sessionId, Guid turnId, string notice) =>
        AppendUnlessAsync(sessionId, [new ChatMessage { Role = ChatRoles.Assistant, Content = notice, TurnId = turnId }],
            token => db.Messages.AnyAsync(m => m.SessionId == sessionId && m.TurnId == turnId && m.Role == ChatRoles.Assistant && m.Content == notice, token),
            CancellationToken.None);

    private async Task<int> NextSequenceAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await db.Messages.Where(m => m.SessionId == sessionId).MaxAsync(m => (int?)m.Sequence, cancellationToken) ?? -1) + 1;
}

/// <summary>A stored message a send repeats, with the turn it started (none for rows stored before turns had ids).</summary>
public sealed record RepeatedMessage(Guid? TurnId);
