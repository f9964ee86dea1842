using Copilot.Billing.Accounts;
using Copilot.Billing.Credits;

namespace Copilot.Billing.Messaging;

internal static class CreditRequests
{
    /// <summary>
    /// A malformed request is a caller bug: it faults (the requester sees the fault) and is not retried. Amounts
    /// above <see cref="CreditLedger.MaxAmountCents"/> are malformed too: no paid reset costs that much.
    /// </summary>
    public static void Validate(string userId, long amountCents, string idempotencyKey)
    {
        ValidateUserId(userId);

        if (amountCents is <= 0 or > CreditLedger.MaxAmountCents)
        {
            throw new ArgumentOutOfRangeException(nameof(amountCents), amountCents,
                $"AmountCents must be between 1 and {CreditLedger.MaxAmountCents}.");
        }

        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 150)
        {
            throw new ArgumentException("IdempotencyKey is required (at most 150 characters).", nameof(idempotencyKey));
        }
    }

    public static void ValidateUserId(string userId)
    {
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > AccountStore.MaxUserIdLength)
        {
            throw new ArgumentException($"UserId is required (at most {AccountStore.MaxUserIdLength} characters).", nameof(userId));
        }
    }
}
