using Microsoft.EntityFrameworkCore;

namespace Copilot.Chat.Data;

/// <summary>Which per-user limit a <see cref="UserWriteLock"/> guards; the value is the advisory lock's first key.</summary>
public enum UserLockScope
{
    Workspace = 0x5753, // "WS"
    Memory = 0x4D45, // "ME"
}

/// <summary>
/// Runs a check-then-write (a quota, a per-user count, a unique name) in a transaction that holds a PostgreSQL advisory
/// lock for one user, so two concurrent writes of the same user cannot both pass the check. Other users never wait.
/// Each attempt starts from an empty change tracker: do not hold tracked entities of the same context across the call.
/// </summary>
public static class UserWriteLock
{
    public static Task<T> RunAsync<T>(
        ChatDbContext db, UserLockScope scope, string userId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // The context retries transient failures, and a retry must replay the whole transaction from a clean slate.
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(int)scope}, hashtext({userId}))", token);
            var result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
    }
}
