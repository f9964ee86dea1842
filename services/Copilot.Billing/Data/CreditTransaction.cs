namespace Copilot.Billing.Data;

public enum CreditTransactionKind
{
    TopUp,
    Usage,
    Grant,
    Refund,
    Clawback,
}

/// <summary>One movement of a user's credit balance. <see cref="IdempotencyKey"/> is unique per user, so a retried operation is applied once.</summary>
public sealed class CreditTransaction
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>Signed: positive adds credits, negative takes them.</summary>
    public long AmountCents { get; set; }

    public long BalanceAfterCents { get; set; }

    public CreditTransactionKind Kind { get; set; }

    public required string IdempotencyKey { get; set; }

    public string? Reason { get; set; }

    /// <summary>The top-up's PaymentIntent, so refunds and disputes of that payment find the credits they take back.</summary>
    public string? StripePaymentIntentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
