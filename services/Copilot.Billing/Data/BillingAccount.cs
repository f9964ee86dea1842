using Copilot.Contracts;

namespace Copilot.Billing.Data;

/// <summary>A user's billing identity: tier and the Stripe objects behind it.</summary>
public sealed class BillingAccount
{
    public required string UserId { get; set; }

    public string? Email { get; set; }

    public SubscriptionTier Tier { get; set; } = SubscriptionTier.Free;

    public string? StripeCustomerId { get; set; }

    public string? StripeSubscriptionId { get; set; }

    public string? StripeScheduleId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
