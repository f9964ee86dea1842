using System.ComponentModel.DataAnnotations;

namespace Copilot.Usage.Limits;

/// <summary>Configuration section <c>Usage</c>: base limits, the paid reset and the admission reservation.</summary>
public sealed class UsageOptions
{
    public const string SectionName = "Usage";

    /// <summary>FREE-tier daily cap in microdollars (the seed's $1/day); multiplied per tier; 0 = unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long DailyCostLimitMicrodollars { get; set; } = 1_000_000;

    /// <summary>FREE-tier weekly cap in microdollars (the seed's $5/week); multiplied per tier; 0 = unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long WeeklyCostLimitMicrodollars { get; set; } = 5_000_000;

    /// <summary>Credits (cents) a user pays to clear today's counter; 0 disables the paid reset.</summary>
    [Range(0, int.MaxValue)]
    public int RateLimitResetCostCents { get; set; } = 500;

    /// <summary>Whether the credit system (billing's ledger) may be charged at all.</summary>
    public bool EnableCredit { get; set; } = true;

    /// <summary>Paid resets per user per UTC day; 0 = no cap.</summary>
    [Range(0, 1000)]
    public int MaxDailyResets { get; set; } = 5;

    /// <summary>How long a tier lookup to billing may take; it can sit on chat's hot path, so it is short.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan TierLookupTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long credit and account requests to billing may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan BillingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What a starting turn reserves until the user has a recent per-turn cost of their own.</summary>
    [Range(1, long.MaxValue)]
    public long DefaultTurnEstimateMicrodollars { get; set; } = 100_000;

    /// <summary>A reservation whose turn never reports completion lapses after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long one paid reset holds its lock: longer than the worst case of what runs under it — the tier lookup of
    /// the re-read, the spend and the refund (each up to <see cref="BillingTimeout"/>) — plus slack for Redis.
    /// </summary>
    public TimeSpan ResetLockTtl => TierLookupTimeout + 2 * BillingTimeout + TimeSpan.FromSeconds(5);

    /// <summary>Both base limits 0 switch cost limiting off entirely, per-user overrides included (the kill switch).</summary>
    public bool LimitingEnabled => DailyCostLimitMicrodollars > 0 || WeeklyCostLimitMicrodollars > 0;
}
