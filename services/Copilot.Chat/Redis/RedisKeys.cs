using StackExchange.Redis;

namespace Copilot.Chat.Redis;

/// <summary>
/// Every Redis key and channel of the chat context. The names are part of the contract between chat-api replicas and
/// executors (and operators' tooling): change them only with a migration plan.
/// </summary>
public static class RedisKeys
{
    /// <summary>Hash: the session's current turn (<c>turn_id, status, user_id, started_at, origin</c>).</summary>
    public static RedisKey TurnMeta(Guid sessionId) => $"copilot:turn:meta:{sessionId}";

    /// <summary>
    /// Sorted set: running sessions scored by their last activity (ms since epoch), so the stuck-turn watchdog finds
    /// idle turns without scanning keys.
    /// </summary>
    public static readonly RedisKey ActiveTurns = "copilot:turn:active";

    /// <summary>
    /// Sorted set: ended turns (ids, scored by the end in ms since epoch) whose history notice or announcement to usage
    /// is still owed, written with the end itself, so both happen even when the worker that ended the turn dies.
    /// </summary>
    public static readonly RedisKey UnsettledTurnEnds = "copilot:turn:unsettled";

    /// <summary>Hash: what an unsettled turn end still owes (<c>session_id</c>, <c>notice</c>, <c>user_id</c>).</summary>
    public static RedisKey UnsettledTurnEnd(Guid turnId) => $"copilot:turn:unsettled:{turnId}";

    /// <summary>Stream: every UI chunk of one turn, in order.</summary>
    public static RedisKey TurnStream(Guid turnId) => $"copilot:turn:stream:{turnId}";

    /// <summary>Pub/sub: "entry-id chunk-json" for each chunk appended to <see cref="TurnStream"/>, so readers are pushed, not polling.</summary>
    public static RedisChannel TurnNotify(Guid turnId) => RedisChannel.Literal($"copilot:turn:notify:{turnId}");

    /// <summary>String: the executor cluster lock for a session (owner token, leased with PX, renewed while the turn runs).</summary>
    public static RedisKey SessionLock(Guid sessionId) => $"copilot:session:{sessionId}:lock";

    /// <summary>String: chat-api's short write lock that makes appending a user message idempotent.</summary>
    public static RedisKey SessionWriteLock(Guid sessionId) => $"copilot:session_lock:{sessionId}";

    // The follow-up keys keep their old "pending" spelling: renaming them would strand what is queued across a deploy.

    /// <summary>List: follow-ups queued while a turn runs (JSON, capped, TTL).</summary>
    public static RedisKey FollowUps(Guid sessionId) => $"copilot:pending:{sessionId}";

    /// <summary>List: follow-ups a turn took from <see cref="FollowUps"/> and has not yet confirmed stored (JSON, TTL).</summary>
    public static RedisKey FollowUpClaim(Guid sessionId) => $"copilot:pending:{sessionId}:claimed";

    /// <summary>String: the turn that owns <see cref="FollowUpClaim"/>.</summary>
    public static RedisKey FollowUpClaimOwner(Guid sessionId) => $"copilot:pending:{sessionId}:claimed_by";

    /// <summary>Pub/sub: wake-up for the running turn when a follow-up is queued.</summary>
    public static RedisChannel FollowUpNotify(Guid sessionId) => RedisChannel.Literal($"copilot:pending:notify:{sessionId}");

    /// <summary>Counter: how many follow-ups a user queued in the current minute, across sessions.</summary>
    public static RedisKey FollowUpCalls(string userId) => $"copilot:pending:calls:{userId}";

    /// <summary>Marker: an <c>LlmUsageRecorded</c> was added to its session's token totals (redelivery dedupe).</summary>
    public static RedisKey SessionTokensCounted(Guid usageId) => $"copilot:session_tokens:seen:{usageId:N}";
}
