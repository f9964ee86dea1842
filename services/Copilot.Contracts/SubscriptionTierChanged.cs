namespace Copilot.Contracts;

public enum SubscriptionTier
{
    Free,
    Pro,
    Business,
    Enterprise,
}

/// <summary>Billing changed a user's effective tier; the usage service rescales that user's limits.</summary>
public sealed record SubscriptionTierChanged(string UserId, SubscriptionTier Tier, DateTimeOffset EffectiveAt);
