using Copilot.Billing.Accounts;
using Copilot.Billing.Credits;
using MassTransit;
using Npgsql;

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

    /// <summary>Database hiccups are retried in memory; invalid requests, and rows the database refuses outright, are not.</summary>
    public static void ConfigureRetry(IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry =>
        {
            retry.Intervals(100, 500, 1000, 2000);
            // A data exception (class 22: text PostgreSQL cannot hold, a number out of range) or an integrity
            // violation (class 23) fails the same way every time: retrying it only delays the fault.
            retry.Handle<NpgsqlException>(exception => exception is not PostgresException { SqlState: ['2', '2' or '3', ..] });
            retry.Handle<TimeoutException>();
            retry.Handle<InvalidOperationException>(exception => exception.InnerException is NpgsqlException);
        });
}
