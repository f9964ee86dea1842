using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Copilot.Chat.Data;

/// <summary>
/// Appends rows to a session's history with dense per-session sequence numbers. Two writers racing for the same
/// sequence collide on the unique index; the loser re-reads the tail and retries.
/// </summary>
public sealed class ChatHistory(ChatDbContext db, TimeProvider time)
{
    private const int MaxAttempts = 5;

    public async Task AppendAsync(Guid sessionId, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var next = await NextSequenceAsync(sessionId, cancellationToken);
            var now = time.GetUtcNow();
            foreach (var message in messages)
            {
                message.SessionId = sessionId;
                message.Sequence = next++;
                message.CreatedAt = now;
                db.Messages.Add(message);
            }

            try
            {
                await db.Sessions.Where(s => s.Id == sessionId)
                    .ExecuteUpdateAsync(update => update.SetProperty(s => s.UpdatedAt, now), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException exception) when (IsSequenceConflict(exception) && attempt < MaxAttempts)
            {
                foreach (var message in messages)
                {
                    db.Entry(message).State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>Rewrites the content of a row this instance appended (a reasoning row growing while its block streams).</summary>
    public async Task UpdateContentAsync(ChatMessage message, string content)
    {
        message.Content = content;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Leaves the assistant row that marks how a turn ended (an error card or the stop marker).</summary>
    public Task AppendNoticeAsync(Guid sessionId, Guid turnId, string notice) =>
        AppendAsync(sessionId, [new ChatMessage { Role = ChatRoles.Assistant, Content = notice, TurnId = turnId }], CancellationToken.None);

    private async Task<int> NextSequenceAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await db.Messages.Where(m => m.SessionId == sessionId).MaxAsync(m => (int?)m.Sequence, cancellationToken) ?? -1) + 1;

    private static bool IsSequenceConflict(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
