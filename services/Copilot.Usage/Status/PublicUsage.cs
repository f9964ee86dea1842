using Copilot.Contracts;

namespace Copilot.Usage.Status;

/// <summary>A window as users see it: how full it is, never the raw spend or cap (they would reveal per-turn cost and margins).</summary>
public sealed record UsageWindowPublic(double PercentUsed, DateTimeOffset ResetsAt);

/// <summary>The seed's <c>CoPilotUsagePublic</c>; a null window means that window has no cap.</summary>
public sealed record PublicUsage(UsageWindowPublic? Daily, UsageWindowPublic? Weekly, SubscriptionTier Tier, int ResetCost)
{
    public static PublicUsage From(UsageStatus status) =>
        new(Project(status.Daily), Project(status.Weekly), status.Tier, status.ResetCostCents);

    public static UsageWindowPublic? Project(UsageWindow window) =>
        window.Limit <= 0 ? null : new UsageWindowPublic(PercentUsed(window.Used, window.Limit), window.ResetsAt);

    /// <summary>
    /// Exactly 100 at or over the cap, so the UI's exhaustion check (<c>percent_used &gt;= 100</c>) agrees with the
    /// server's; under the cap one decimal, kept at most 99.9 so rounding can never show "exhausted" early.
    /// </summary>
    public static double PercentUsed(long used, long limit) =>
        used >= limit ? 100.0 : Math.Min(99.9, Math.Round(100.0 * Math.Max(0, used) / limit, 1, MidpointRounding.ToEven));
}
