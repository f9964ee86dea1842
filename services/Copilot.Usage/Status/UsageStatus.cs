using Copilot.Contracts;

namespace Copilot.Usage.Status;

/// <summary>One window in raw microdollars (limit 0 = unlimited). Internal: never sent to users.</summary>
public sealed record UsageWindow(long Used, long Limit, DateTimeOffset ResetsAt);

/// <summary>The seed's <c>CoPilotUsageStatus</c>: raw values for server-side decisions and the admin API.</summary>
public sealed record UsageStatus(UsageWindow Daily, UsageWindow Weekly, SubscriptionTier Tier, int ResetCostCents);
