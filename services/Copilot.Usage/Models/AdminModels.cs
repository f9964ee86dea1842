using Copilot.Contracts;

namespace Copilot.Usage.Models;

/// <summary>The seed's <c>UserRateLimitResponse</c>: raw microdollars, for admins only.</summary>
public sealed record UserRateLimitResponse(
    string UserId,
    string? UserEmail,
    long DailyCostLimitMicrodollars,
    long WeeklyCostLimitMicrodollars,
    long DailyCostUsedMicrodollars,
    long WeeklyCostUsedMicrodollars,
    SubscriptionTier Tier);

public sealed record ResetUserUsageRequest(string? UserId, bool ResetWeekly = false);

public sealed record UserTierRequest(string? UserId, SubscriptionTier? Tier);

public sealed record UserTierResponse(string UserId, SubscriptionTier Tier);

/// <summary>Beyond the seed: absolute caps for one user in microdollars (0 = unlimited); null restores the tier-scaled default.</summary>
public sealed record UserLimitsRequest(string? UserId, long? DailyCostLimitMicrodollars, long? WeeklyCostLimitMicrodollars);

public sealed record UserSearchResult(string UserId, string? UserEmail);
