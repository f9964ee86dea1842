namespace Copilot.Usage.Redis;

/// <summary>
/// Lua scripts: each runs atomically in Redis, which is what makes dedupe, counting and reservations race-free.
/// StackExchange.Redis sends them by SHA after the first call.
/// </summary>
public static class UsageScripts
{
    /// <summary>Reservation entry <c>{remaining}:{expires ms}</c>; malformed or lapsed entries are dropped.</summary>
    private const string ParseEntry = "string.match(entry, '^(%d+):(%d+)$')";

    /// <summary>
    /// Shared head of <see cref="Admit"/> and <see cref="Extend"/> (same KEYS[1..6] and ARGV[1..10]): the user's limits
    /// (override, else base × tier multiplier) and a <c>verdict</c> builder. Counters are read by <see cref="ReadBudget"/>.
    /// </summary>
    private const string Limits = """
        local multipliers = { FREE = tonumber(ARGV[3]), PRO = tonumber(ARGV[4]), BUSINESS = tonumber(ARGV[5]), ENTERPRISE = tonumber(ARGV[6]) }
        local tier = redis.call('HGET', KEYS[4], 'tier')
        local multiplier = (tier and multipliers[tier]) or multipliers.FREE
        local overrides = redis.call('HMGET', KEYS[5], 'daily', 'weekly')
        local daily_limit = tonumber(overrides[1]) or tonumber(ARGV[1]) * multiplier
        local weekly_limit = tonumber(overrides[2]) or tonumber(ARGV[2]) * multiplier
        local turn, now = ARGV[7], tonumber(ARGV[8])
        """;

    /// <summary>
    /// Both counters; what other turns reserve (lapsed or malformed entries dropped); this turn's own remaining
    /// reservation (<c>own</c>, nil when it holds none); and the refusal order shared by admission and extension.
    /// </summary>
    private const string ReadBudget = $$"""
        local daily_used = tonumber(redis.call('GET', KEYS[1])) or 0
        local weekly_used = tonumber(redis.call('GET', KEYS[2])) or 0
        local reserved, own = 0, nil
        local entries = redis.call('HGETALL', KEYS[3])
        for i = 1, #entries, 2 do
          local entry = entries[i + 1]
          local amount, expires = {{ParseEntry}}
          if not amount or tonumber(expires) <= now then
            redis.call('HDEL', KEYS[3], entries[i])
          elseif entries[i] == turn then
            own = tonumber(amount)
          else
            reserved = reserved + tonumber(amount)
          end
        end
        local function verdict(code, window)
          return { code, window, daily_used, daily_limit, weekly_used, weekly_limit, reserved, tier and 1 or 0 }
        end
        local function refusal()
          if daily_limit > 0 and daily_used >= daily_limit then return verdict(0, 'daily') end
          if weekly_limit > 0 and weekly_used >= weekly_limit then return verdict(0, 'weekly') end
          if daily_limit > 0 and daily_used + reserved >= daily_limit then return verdict(2, 'daily') end
          if weekly_limit > 0 and weekly_used + reserved >= weekly_limit then return verdict(2, 'weekly') end
          return nil
        end
        local function reserve(amount)
          redis.call('HSET', KEYS[3], turn, string.format('%d:%d', amount, now + tonumber(ARGV[9])))
          redis.call('PEXPIRE', KEYS[3], ARGV[9])
        end
        """;

    /// <summary>
    /// Pre-turn admission. KEYS: daily, weekly, reserved, tier, overrides, estimate. ARGV: base daily, base weekly,
    /// multipliers FREE/PRO/BUSINESS/ENTERPRISE, turn id ('' = reserve nothing), now ms, reservation TTL ms,
    /// default estimate. Returns {verdict (1 allowed, 0 exceeded, 2 held by reservations), window, daily used,
    /// daily limit, weekly used, weekly limit, reserved by other turns, tier known (0|1)}.
    /// </summary>
    public const string Admit = $$"""
        {{Limits}}
        {{ReadBudget}}
        if own then return verdict(1, '') end
        local refused = refusal()
        if refused then return refused end
        if turn ~= '' then reserve(tonumber(redis.call('GET', KEYS[6])) or tonumber(ARGV[10])) end
        return verdict(1, '')
        """;

    /// <summary>
    /// Before a running turn's next model round. KEYS and ARGV[1..10] as <see cref="Admit"/> (turn id required), then
    /// KEYS[7..]: seen markers of the turn's calls not yet confirmed; ARGV[11..13]: daily TTL s, weekly TTL s, marker
    /// TTL s; ARGV[14..]: those calls' costs, in KEYS order. The calls are charged first (deduplicated with
    /// <see cref="RecordCost"/>, so the bus message that follows is a no-op), making the counters exact for this turn.
    /// Then the admission rule decides, whatever the turn still reserves: a reservation is an estimate, and honouring
    /// it past the limit would let a turn that started just below the limit overshoot by a whole estimate. An allowed
    /// turn keeps its reservation (expiry renewed) or, having spent it, reserves a fresh estimate. Returns what
    /// <see cref="Admit"/> returns.
    /// </summary>
    public const string Extend = $$"""
        {{Limits}}
        for i = 7, #KEYS do
          local cost = tonumber(ARGV[i + 7])
          if cost > 0 and redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[13]) then
            redis.call('INCRBY', KEYS[1], cost)
            redis.call('EXPIRE', KEYS[1], ARGV[11])
            redis.call('INCRBY', KEYS[2], cost)
            redis.call('EXPIRE', KEYS[2], ARGV[12])
            local entry = redis.call('HGET', KEYS[3], turn)
            if entry then
              local amount, expires = {{ParseEntry}}
              if amount then
                redis.call('HSET', KEYS[3], turn, string.format('%d:%s', math.max(0, tonumber(amount) - cost), expires))
              end
            end
          end
        end
        {{ReadBudget}}
        local refused = refusal()
        if refused then return refused end
        if own and own > 0 then
          reserve(own)
        else
          reserve(tonumber(redis.call('GET', KEYS[6])) or tonumber(ARGV[10]))
        end
        return verdict(1, '')
        """;

    /// <summary>
    /// Counts one LLM call once. KEYS: seen marker, daily, weekly, reserved. ARGV: cost, daily TTL s, weekly TTL s,
    /// marker TTL s, turn id. The turn's reservation shrinks by the cost (never below 0). Returns 1 if counted.
    /// </summary>
    public const string RecordCost = $$"""
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[4]) then return 0 end
        local cost = tonumber(ARGV[1])
        redis.call('INCRBY', KEYS[2], cost)
        redis.call('EXPIRE', KEYS[2], ARGV[2])
        redis.call('INCRBY', KEYS[3], cost)
        redis.call('EXPIRE', KEYS[3], ARGV[3])
        local entry = redis.call('HGET', KEYS[4], ARGV[5])
        if entry then
          local amount, expires = {{ParseEntry}}
          if amount then
            redis.call('HSET', KEYS[4], ARGV[5], string.format('%d:%s', math.max(0, tonumber(amount) - cost), expires))
          end
        end
        return 1
        """;

    /// <summary>
    /// A turn ended: release its reservation and fold its cost into the user's estimate (once per turn). KEYS: seen
    /// marker, reserved, estimate. ARGV: turn id, turn cost, marker TTL s, estimate TTL s, weight of the new cost.
    /// </summary>
    public const string CompleteTurn = """
        redis.call('HDEL', KEYS[2], ARGV[1])
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then return 0 end
        local cost = tonumber(ARGV[2])
        if cost > 0 then
          local previous = tonumber(redis.call('GET', KEYS[3]))
          local estimate = previous and math.floor(previous + tonumber(ARGV[5]) * (cost - previous) + 0.5) or cost
          redis.call('SET', KEYS[3], string.format('%d', math.max(1, estimate)), 'EX', ARGV[4])
        end
        return 1
        """;

    /// <summary>
    /// The paid reset: clear today's counter and credit the week by the daily limit, clamped at 0. A missing weekly
    /// key is left missing (a DECRBY would create it without a TTL). KEYS: daily, weekly. ARGV: daily limit.
    /// </summary>
    public const string ResetDaily = """
        redis.call('DEL', KEYS[1])
        local limit = tonumber(ARGV[1])
        if limit > 0 and redis.call('EXISTS', KEYS[2]) == 1 then
          if redis.call('DECRBY', KEYS[2], limit) < 0 then redis.call('SET', KEYS[2], '0', 'KEEPTTL') end
        end
        return 1
        """;

    /// <summary>INCR + EXPIRE in one step. KEYS: counter. ARGV: TTL s. Returns the new count.</summary>
    public const string IncrementWithTtl = """
        local count = redis.call('INCR', KEYS[1])
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        return count
        """;

    /// <summary>
    /// Stores a tier unless a newer one is there (billing events may arrive out of order; an admin override stands
    /// until billing reports a later change). KEYS: tier. ARGV: tier, effective at ms, source, TTL s (0 = none).
    /// </summary>
    public const string SetTier = """
        local current = tonumber(redis.call('HGET', KEYS[1], 'effective_at')) or -1
        if tonumber(ARGV[2]) < current then return 0 end
        redis.call('HSET', KEYS[1], 'tier', ARGV[1], 'effective_at', ARGV[2], 'source', ARGV[3])
        if tonumber(ARGV[4]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[4]) else redis.call('PERSIST', KEYS[1]) end
        return 1
        """;
}
