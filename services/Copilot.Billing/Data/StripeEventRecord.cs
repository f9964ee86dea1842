namespace Copilot.Billing.Data;

/// <summary>
/// A verified Stripe webhook event, stored before it is acknowledged and processed afterwards by
/// <c>StripeEventWorker</c>. The primary key (Stripe's event id) is what deduplicates redeliveries.
/// </summary>
public sealed class StripeEventRecord
{
    public required string Id { get; set; }

    public required string Type { get; set; }

    /// <summary>The event JSON exactly as Stripe signed it.</summary>
    public required string Payload { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A worker's claim; an expired claim (crashed worker) is taken over.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}
