namespace Copilot.Billing.Credits;

public enum LedgerStatus
{
    Applied,

    /// <summary>The idempotency key was already used: nothing changed.</summary>
    Duplicate,

    /// <summary>A debit would take the balance below zero.</summary>
    Insufficient,

    /// <summary>The new balance would not fit in a 64-bit count of cents; nothing changed.</summary>
    Overflow,
}

/// <summary>What a ledger operation did.</summary>
/// <param name="BalanceCents">The balance after the operation (unchanged unless <see cref="Applied"/>).</param>
public sealed record LedgerOutcome(LedgerStatus Status, long BalanceCents, long? TransactionId)
{
    public bool Applied => Status == LedgerStatus.Applied;
}
