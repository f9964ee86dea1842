namespace Copilot.Contracts;

/// <summary>Request (usage → billing): a user's current subscription tier. Answered with <see cref="SubscriptionTierFound"/>.</summary>
public sealed record GetSubscriptionTier(string UserId);

public sealed record SubscriptionTierFound(string UserId, SubscriptionTier Tier);

/// <summary>
/// Request (usage → billing): accounts whose user id or email contains <paramref name="Query"/>, the account whose id
/// or email is exactly the query first (so a lookup of one user is never cut off by the limit). Answered with
/// <see cref="AccountsFound"/>.
/// </summary>
public sealed record FindAccounts(string Query, int Limit);

public sealed record AccountsFound(IReadOnlyList<AccountSummary> Accounts);

public sealed record AccountSummary(string UserId, string? Email, SubscriptionTier Tier);
