using Copilot.Contracts;

namespace Copilot.Billing.Data;

/// <summary>
/// A <see cref="SubscriptionTierChanged"/> written in the same transaction as the tier change and published by
/// <c>TierChangeOutboxWorker</c>, so a crash between commit and publish cannot lose it.
/// </summary>
public sealed class TierChangeOutboxMessage
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public SubscriptionTier Tier { get; set; }

    public DateTimeOffset EffectiveAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
}
