using Copilot.Chat.Redis;
using Copilot.Testing;
using Copilot.Testing.Faults;
using StackExchange.Redis;

namespace Copilot.Bench.Chaos;

/// <summary>One broken invariant: what, about which message or key, and when (to find the faults around it).</summary>
public sealed record Violation(string Invariant, DateTimeOffset At, string Detail);

/// <summary>What the observer found once the platform settled.</summary>
public sealed record Observation(
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<TurnOutcome> Outcomes,
    IReadOnlyList<ParkedMessage> Parked,
    int ModelCalls,
    int RedeliveredCharges);

/// <summary>
/// The chaos run's independent observer: reads PostgreSQL, Redis and the broker after the faults and the load stopped,
/// and compares them with what the clients recorded. Every accepted message ends in exactly one outcome, seen whole
/// by its client (<see cref="TurnAudit"/>); no turn is left running and no lock held; every model call the executors
/// published is charged exactly once and every reservation is released; nothing sits in an error queue without a
/// reason an operator can read.
/// </summary>
public sealed class ChaosObserver(ChaosStack chaos, BrokerProbe broker)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);
    // Past the executors' grace for unsettled turn ends (75 s), after which their sweep releases the reservations.
    private static readonly TimeSpan UsageSettle = TimeSpan.FromSeconds(150);

    private IDatabase Db => chaos.Redis.GetDatabase();

    public async Task<Observation> ObserveAsync(IReadOnlyList<ChaosTurn> turns, IReadOnlyList<Guid> sessions)
    {
        var violations = new List<Violation>();
        var audit = new TurnAudit(chaos.Redis, chaos.Stack.ChatDatabase);
        var now = DateTimeOffset.UtcNow;
        foreach (var session in await audit.UnsettledAsync(sessions, Settle))
        {
            violations.Add(new Violation("turn-left-running", now,
                $"session {session} still runs a turn or holds follow-ups {Settle.TotalSeconds:0} s after the load stopped: {await DescribeAsync(session)}"));
        }

        var outcomes = new List<TurnOutcome>();
        foreach (var turn in turns.Where(turn => turn.Transcript.Accepted))
        {
            var problems = new List<string>();
            if (await audit.CheckAsync(turn.Transcript, problems) is { } outcome)
            {
                outcomes.Add(outcome);
            }

            violations.AddRange(problems.Select(problem => new Violation("turn-outcome", turn.Transcript.SentAt, $"{turn.Shape} {turn.Transcript}: {problem}")));
        }

        violations.AddRange(await HeldLocksAsync(sessions));
        var charges = await broker.DrainChargesAsync();
        violations.AddRange(await ChargesAsync(charges));
        var parked = await broker.ParkedMessagesAsync();
        violations.AddRange(parked.Where(message => message.Reason is null).Select(message =>
            new Violation("error-queue", DateTimeOffset.UtcNow, $"{message.MessageType} in {message.Queue} without a fault reason")));
        var distinct = charges.DistinctBy(charge => charge.UsageId).Count();
        return new Observation(violations, outcomes, parked, distinct, charges.Count - distinct);
    }

    /// <summary>What Redis holds of a session's turn, for the report: the meta hash, queued follow-ups, the watchdog's index.</summary>
    private async Task<string> DescribeAsync(Guid session)
    {
        var meta = await Db.HashGetAllAsync(RedisKeys.TurnMeta(session));
        var ttl = await Db.KeyTimeToLiveAsync(RedisKeys.TurnMeta(session));
        var followUps = await Db.ListLengthAsync(RedisKeys.FollowUps(session));
        var claimed = await Db.ListLengthAsync(RedisKeys.FollowUpClaim(session));
        var idleSince = await Db.SortedSetScoreAsync(RedisKeys.ActiveTurns, session.ToString());
        return $"meta {{{string.Join(", ", meta.Select(entry => $"{entry.Name}={entry.Value}"))}}} (TTL {ttl?.TotalSeconds.ToString("0") ?? "none"} s), " +
            $"{followUps} follow-up(s) queued, {claimed} claimed by {await Db.StringGetAsync(RedisKeys.FollowUpClaimOwner(session))}, " + (idleSince is { } ms ? $"in the watchdog's index since {DateTimeOffset.FromUnixTimeMilliseconds((long)ms):HH:mm:ss.fff}" : "not in the watchdog's index");
    }

    private async Task<IEnumerable<Violation>> HeldLocksAsync(IReadOnlyList<Guid> sessions)
    {
        var held = new List<Violation>();
        foreach (var session in sessions)
        {
            foreach (var key in new[] { RedisKeys.SessionLock(session), RedisKeys.SessionWriteLock(session) })
            {
                if (await Db.KeyExistsAsync(key))
                {
                    held.Add(new Violation("lock-held", DateTimeOffset.UtcNow, $"{key} still held (TTL {await Db.KeyTimeToLiveAsync(key)})"));
                }
            }

            if (await Db.SortedSetScoreAsync(RedisKeys.ActiveTurns, session.ToString()) is not null)
            {
                held.Add(new Violation("lock-held", DateTimeOffset.UtcNow, $"session {session} still listed in {RedisKeys.ActiveTurns}"));
            }
        }

        return held;
    }

    /// <summary>
    /// Per user, usage's weekly counter must equal the sum of the distinct model calls published for that user (a call
    /// counted twice after a redelivery, or never, shows as a difference), and no reservation may be left once every
    /// turn ended. Usage consumes asynchronously, so both are given a while to converge.
    /// </summary>
    private async Task<IEnumerable<Violation>> ChargesAsync(IReadOnlyList<PublishedCharge> charges)
    {
        var expected = charges.DistinctBy(charge => charge.UsageId)
            .GroupBy(charge => charge.UserId)
            .ToDictionary(user => user.Key, user => user.Sum(charge => charge.CostMicrodollars));
        var differences = await Eventually.ReadAsync(async () =>
        {
            var found = new List<string>();
            foreach (var (user, cost) in expected)
            {
                var charged = await ChargedAsync(user);
                var reserved = await Db.HashGetAllAsync($"copilot:cost:reserved:{user}");
                if (charged != cost)
                {
                    found.Add($"usage-charge|user {user}: charged {charged} µ$ for model calls that cost {cost} µ$");
                }

                if (reserved.Length > 0)
                {
                    found.Add($"reservation-left|user {user}: {string.Join(", ", reserved.Select(entry => $"{entry.Name}={entry.Value}"))}");
                }
            }

            return found;
        }, until: found => found.Count == 0, UsageSettle);
        return differences.Select(difference => difference.Split('|', 2)).Select(parts => new Violation(parts[0], DateTimeOffset.UtcNow, parts[1]));
    }

    /// <summary>
    /// The user's weekly counters: a daily counter expires at midnight UTC, so a run across midnight would lose the
    /// first day's charges from the sum (seed 23's first replay counted them missing); only a run across Monday 00:00
    /// UTC still does.
    /// </summary>
    private async Task<long> ChargedAsync(string user)
    {
        var server = chaos.Redis.GetServers()[0];
        long total = 0;
        await foreach (var key in server.KeysAsync(pattern: $"copilot:cost:weekly:{user}:*"))
        {
            total += (long)await Db.StringGetAsync(key);
        }

        return total;
    }
}
