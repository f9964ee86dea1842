namespace Copilot.Contracts;

/// <summary>
/// Request (usage → billing): an administrator sets a user's tier directly (any tier; the only way to ENTERPRISE).
/// Billing creates the account when missing, makes <paramref name="Tier"/> the canonical tier, clears any pending
/// change and publishes <see cref="SubscriptionTierChanged"/> when the tier really changed. Answered with
/// <see cref="SubscriptionTierSet"/>; safe to repeat.
/// </summary>
public sealed record SetSubscriptionTier(string UserId, SubscriptionTier Tier);

/// <param name="EffectiveAt">Billing's time of the change, the same instant its <see cref="SubscriptionTierChanged"/> carries.</param>
public sealed record SubscriptionTierSet(string UserId, SubscriptionTier Tier, DateTimeOffset EffectiveAt);
