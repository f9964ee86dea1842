using Copilot.Usage.Client;
using Copilot.Usage.Limits;
using Copilot.Usage.Periods;
using StackExchange.Redis;

namespace Copilot.Usage.Redis;

/// <summary>The admission script's answer.</summary>
public enum AdmissionVerdict
{
    Exceeded = 0,
    Allowed = 1,
    Reserved = 2,
}

public sealed record AdmissionResult(
    AdmissionVerdict Verdict,
    LimitWindow? Window,
    long DailyUsed,
    long DailyLimit,
    long WeeklyUsed,
    long WeeklyLimit,
    long ReservedByOthers,
    bool TierKnown)
{
    /// <summary>
    /// What the checked turn may still spend before its tightest limit: limit − used − what other turns reserve, in
    /// the window where that is least (its own reservation is part of it); null when neither window is limited.
    /// </summary>
    public long? RemainingMicrodollars =>
        (DailyLimit > 0, WeeklyLimit > 0) switch
        {
            (true, true) => Math.Min(DailyLimit - DailyUsed, WeeklyLimit - WeeklyUsed) - ReservedByOthers,
            (true, false) => DailyLimit - DailyUsed - ReservedByOthers,
            (false, true) => WeeklyLimit - WeeklyUsed - ReservedByOthers,
            _ => null,
        };
}

/// <summary>
/// Counters and reservations on the metering paths: charging LLM calls, admitting turns, releasing what a turn held.
/// Every method is one atomic script, so concurrent turns and redelivered messages cannot interleave badly.
/// </summary>
public sealed class CostLedger(IConnectionMultiplexer redis)
{
    /// <summary>Longer than the weekly window, so a redelivered call can never be counted again in a window it touched.</summary>
    public static readonly TimeSpan SeenTtl = TimeSpan.FromDays(8);

    /// <summary>A user idle this long starts again from the configured estimate.</summary>
    public static readonly TimeSpan EstimateTtl = TimeSpan.FromDays(7);

    /// <summary>Weight of the newest turn in the running estimate: recent turns dominate, one outlier does not.</summary>
    public const double EstimateWeight = 0.25;

    private IDatabase Db => redis.GetDatabase();

    /// <returns>False when this <paramref name="usageId"/> was already counted.</returns>
    public async Task<bool> RecordCostAsync(Guid usageId, string userId, Guid turnId, long costMicrodollars, DateTimeOffset now)
    {
        var counted = await Db.ScriptEvaluateAsync(UsageScripts.RecordCost,
            [UsageKeys.SeenUsage(usageId), UsageKeys.Daily(userId, now), UsageKeys.Weekly(userId, now), UsageKeys.Reserved(userId)],
            [
                costMicrodollars,
                Seconds(UsageWindows.UntilDailyReset(now)),
                Seconds(UsageWindows.UntilWeeklyReset(now)),
                Seconds(SeenTtl),
                TurnField(turnId),
            ]);
        return (long)counted == 1;
    }

    public async Task<AdmissionResult> AdmitAsync(string userId, Guid? turnId, UsageOptions options, DateTimeOffset now) =>
        ToResult(await Db.ScriptEvaluateAsync(UsageScripts.Admit, BudgetKeys(userId, now),
            BudgetArguments(turnId is { } turn ? TurnField(turn) : "", options, now)));

    /// <summary>
    /// Charges the turn's <paramref name="charges"/> not yet counted, then lets its next round go on its remaining
    /// reservation, re-reserves an estimate, or refuses (see <see cref="UsageScripts.Extend"/>).
    /// </summary>
    public async Task<AdmissionResult> ExtendAsync(
        string userId, Guid turnId, IReadOnlyList<TurnCharge> charges, UsageOptions options, DateTimeOffset now)
    {
        RedisKey[] keys = [.. BudgetKeys(userId, now), .. charges.Select(charge => UsageKeys.SeenUsage(charge.UsageId))];
        RedisValue[] arguments =
        [
            .. BudgetArguments(TurnField(turnId), options, now),
            Seconds(UsageWindows.UntilDailyReset(now)),
            Seconds(UsageWindows.UntilWeeklyReset(now)),
            Seconds(SeenTtl),
            .. charges.Select(charge => (RedisValue)charge.CostMicrodollars),
        ];
        return ToResult(await Db.ScriptEvaluateAsync(UsageScripts.Extend, keys, arguments));
    }

    private static RedisKey[] BudgetKeys(string userId, DateTimeOffset now) =>
    [
        UsageKeys.Daily(userId, now), UsageKeys.Weekly(userId, now), UsageKeys.Reserved(userId),
        UsageKeys.Tier(userId), UsageKeys.LimitOverrides(userId), UsageKeys.TurnEstimate(userId),
    ];

    private static RedisValue[] BudgetArguments(string turn, UsageOptions options, DateTimeOffset now) =>
    [
        options.DailyCostLimitMicrodollars,
        options.WeeklyCostLimitMicrodollars,
        LimitPolicy.TierMultipliers[Contracts.SubscriptionTier.Free],
        LimitPolicy.TierMultipliers[Contracts.SubscriptionTier.Pro],
        LimitPolicy.TierMultipliers[Contracts.SubscriptionTier.Business],
        LimitPolicy.TierMultipliers[Contracts.SubscriptionTier.Enterprise],
        turn,
        now.ToUnixTimeMilliseconds(),
        (long)options.ReservationTtl.TotalMilliseconds,
        options.DefaultTurnEstimateMicrodollars,
    ];

    private static AdmissionResult ToResult(RedisResult evaluated)
    {
        var result = (RedisResult[])evaluated!;
        return new AdmissionResult(
            (AdmissionVerdict)(int)result[0],
            (string?)result[1] switch { "daily" => LimitWindow.Daily, "weekly" => LimitWindow.Weekly, _ => null },
            (long)result[2], (long)result[3], (long)result[4], (long)result[5], (long)result[6],
            (long)result[7] == 1);
    }

    /// <summary>Releases the turn's reservation and folds its cost into the user's estimate (once per turn).</summary>
    public Task CompleteTurnAsync(string userId, Guid turnId, long costMicrodollars) =>
        Db.ScriptEvaluateAsync(UsageScripts.CompleteTurn,
            [UsageKeys.SeenTurn(turnId), UsageKeys.Reserved(userId), UsageKeys.TurnEstimate(userId)],
            [TurnField(turnId), Math.Max(0, costMicrodollars), Seconds(SeenTtl), Seconds(EstimateTtl), EstimateWeight]);

    /// <summary>For a turn that was admitted but never started (e.g. chat-api found a duplicate message).</summary>
    public Task ReleaseReservationAsync(string userId, Guid turnId) =>
        Db.HashDeleteAsync(UsageKeys.Reserved(userId), TurnField(turnId));

    public static string TurnField(Guid turnId) => turnId.ToString("D");

    private static long Seconds(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds);
}
