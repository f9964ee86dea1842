using Copilot.Contracts;

namespace Copilot.Billing.Data;

/// <summary>A user's billing identity: tier, the Stripe objects behind it, and the credit balance.</summary>
public sealed class BillingAccount
{
    public required string UserId { get; set; }

    public string? Email { get; set; }

    public SubscriptionTier Tier { get; set; } = SubscriptionTier.Free;

    public string? StripeCustomerId { get; set; }

    /// <summary>The subscription the tier comes from (the newest active one), or null for FREE and admin-granted tiers.</summary>
    public string? StripeSubscriptionId { get; set; }

    public string? StripeScheduleId { get; set; }

    /// <summary>The last known scheduled change (downgrade or cancel at period end), mirrored from Stripe.</summary>
    public SubscriptionTier? PendingTier { get; set; }

    public DateTimeOffset? PendingTierEffectiveAt { get; set; }

    public DateTimeOffset? CurrentPeriodStart { get; set; }

    public DateTimeOffset? CurrentPeriodEnd { get; set; }

    /// <summary>Credit balance in cents; spends never take it below zero, clawbacks (refunds, lost disputes) may.</summary>
    public long BalanceCents { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
