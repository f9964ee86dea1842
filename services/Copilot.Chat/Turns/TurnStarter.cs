using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Usage.Client;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Copilot.Chat.Turns;

/// <summary>
/// What a start request amounted to: a new turn; a duplicate that re-attaches to the turn already running; when
/// another request started a turn first, <see cref="SessionBusy"/> (the caller queues the message instead); or, when
/// usage refused the turn, <see cref="Refusal"/> (nothing was stored or started).
/// </summary>
public sealed record TurnStart(Guid? TurnId, bool IsDuplicate, bool SessionBusy = false, TurnAdmission? Refusal = null);

/// <summary>A stored message that a send repeats, with the turn it started (none for rows stored before turn ids).</summary>
public sealed record StoredDuplicate(Guid? TurnId);

/// <summary>The input of one turn, as the HTTP layer validated it. <paramref name="TurnId"/> is chosen up front so the
/// usage reservation, the stored user message and the turn all carry the same id.</summary>
public sealed record TurnRequest(
    Guid TurnId,
    string? Message,
    bool IsUserMessage,
    string ModelTier,
    string? Mode,
    IReadOnlyDictionary<string, string>? Context,
    IReadOnlyList<Guid>? FileIds,
    DateTimeOffset RequestArrivalAt,
    string Origin = TurnOrigins.Chat,
    CopilotPermissions? Permissions = null);

/// <summary>
/// Starts a turn: asks usage to admit it, appends the message idempotently, records the running turn, and sends
/// <see cref="RunCopilotTurn"/> to the executors.
/// </summary>
public sealed partial class TurnStarter(
    ChatDbContext db,
    ChatHistory history,
    StreamRegistry registry,
    IConnectionMultiplexer redis,
    ISendEndpointProvider sendEndpoints,
    TurnSender sender,
    ITurnAdmission admission,
    ILogger<TurnStarter> logger)
{
    private static readonly TimeSpan WriteLockDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WriteLockWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs the whole decision under the session's write lock, so two sends racing on an idle session cannot both
    /// start a turn: the second sees the first's running turn and is queued. When Redis cannot give the lock the
    /// start proceeds unserialised (PostgreSQL still keeps the append idempotent).
    /// </summary>
    public async Task<TurnStart> StartAsync(ChatSession session, TurnRequest request, CancellationToken cancellationToken)
    {
        var lease = await TryTakeWriteLockAsync(session.Id, cancellationToken);
        try
        {
            if (request.IsUserMessage && !string.IsNullOrEmpty(request.Message)
                && await registry.GetMetaAsync(session.Id) is { IsRunning: true } running)
            {
                return new TurnStart(running.TurnId, IsDuplicate: false, SessionBusy: true);
            }

            // Queued follow-ups above are not admitted here: they ride the running turn, whose rounds usage checks.
            var verdict = await admission.AdmitAsync(session.UserId, request.TurnId, cancellationToken);
            if (!verdict.Allowed)
            {
                LogRefused(session.Id, request.TurnId, request.Origin);
                return new TurnStart(null, IsDuplicate: false, Refusal: verdict);
            }

            if (!string.IsNullOrEmpty(request.Message))
            {
                var role = request.IsUserMessage ? ChatRoles.User : ChatRoles.Assistant;
                if (await FindDuplicateAsync(session.Id, role, request.Message, cancellationToken) is { } duplicate)
                {
                    // Attach to the turn the stored copy started — not to whatever turn the session ran last, which
                    // may be an earlier message's finished answer when the original has not recorded its turn yet.
                    LogDuplicate(session.Id, duplicate.TurnId);
                    ReleaseUnstarted(session.UserId, request.TurnId);
                    return new TurnStart(duplicate.TurnId, IsDuplicate: true);
                }

                // Tagged with its turn: the executor finds "this turn's input" by id, whatever notices land around it.
                await history.AppendAsync(session.Id, [new ChatMessage { Role = role, Content = request.Message, TurnId = request.TurnId }], cancellationToken);
            }

            var turnId = request.TurnId;
            if (!await registry.TryCreateTurnAsync(session.Id, turnId, session.UserId, request.Origin))
            {
                // Only reachable without the write lock (Redis degraded): another send won the race. The message is
                // stored, so attach to that turn rather than queue it a second time.
                var winner = await registry.GetMetaAsync(session.Id);
                ReleaseUnstarted(session.UserId, turnId);
                return new TurnStart(winner?.TurnId, IsDuplicate: true);
            }

            await sender.SendAsync(sendEndpoints, new RunCopilotTurn(
                session.Id, turnId, session.UserId, request.Message ?? "", request.IsUserMessage, request.RequestArrivalAt,
                request.ModelTier, request.Mode, request.Origin, request.Permissions, request.FileIds, request.Context),
                cancellationToken);
            return new TurnStart(turnId, IsDuplicate: false);
        }
        finally
        {
            await ReleaseQuietlyAsync(lease, session.Id);
        }
    }

    /// <summary>
    /// An admitted turn that will not run gives its reservation back (in the background: the caller's answer does
    /// not depend on it, and the reservation lapses on its own if the call fails).
    /// </summary>
    private void ReleaseUnstarted(string userId, Guid turnId) => _ = admission.ReleaseAsync(userId, turnId);

    /// <summary>
    /// The stored message this send repeats, when the session's trailing block of <paramref name="role"/> messages
    /// already holds the same text — the same send arriving again. PostgreSQL is read directly, so the check is
    /// authoritative. The same text after a reply is a new message ("yes" → answer → "yes").
    /// </summary>
    public async Task<StoredDuplicate?> FindDuplicateAsync(Guid sessionId, string role, string content, CancellationToken cancellationToken)
    {
        var trailing = await db.Messages.AsNoTracking()
            .Where(m => m.SessionId == sessionId)
            .OrderByDescending(m => m.Sequence)
            .Take(20)
            .Select(m => new { m.Role, m.Content, m.TurnId })
            .ToListAsync(cancellationToken);
        return trailing.TakeWhile(m => m.Role == role).FirstOrDefault(m => m.Content == content) is { } match
            ? new StoredDuplicate(match.TurnId)
            : null;
    }

    private async Task<RedisLease?> TryTakeWriteLockAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        try
        {
            var lease = await RedisLease.AcquireAsync(redis.GetDatabase(), RedisKeys.SessionWriteLock(sessionId), "chat-api",
                WriteLockDuration, WriteLockWait, cancellationToken);
            if (lease is null)
            {
                LogWriteLockBusy(sessionId);
            }

            return lease;
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            LogWriteLockUnavailable(exception, sessionId);
            return null;
        }
    }

    private async Task ReleaseQuietlyAsync(RedisLease? lease, Guid sessionId)
    {
        if (lease is null)
        {
            return;
        }

        try
        {
            await lease.ReleaseAsync();
        }
        catch (Exception exception) when (RedisFailures.IsUnavailable(exception))
        {
            // The lease expires on its own; a failed release only delays the next writer by its TTL.
            LogWriteLockUnavailable(exception, sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Usage refused turn {TurnId} ({Origin}) of session {SessionId}")]
    private partial void LogRefused(Guid sessionId, Guid turnId, string origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate message for session {SessionId}; re-attaching to turn {TurnId}")]
    private partial void LogDuplicate(Guid sessionId, Guid? turnId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not acquire session lock for {SessionId} within 2s")]
    private partial void LogWriteLockBusy(Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for session lock on {SessionId}")]
    private partial void LogWriteLockUnavailable(Exception exception, Guid sessionId);
}
