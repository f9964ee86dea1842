using Copilot.Billing.Data;
using Stripe;

namespace Copilot.Billing.StripeIntegration;

/// <summary>Creates each user's Stripe customer exactly once.</summary>
public sealed partial class StripeCustomers(BillingDbContext db, StripeClient stripe, TimeProvider time, ILogger<StripeCustomers> logger)
{
    /// <summary>
    /// The user's Stripe customer id, created on first need. The account row lock serialises concurrent first requests
    /// inside this service and the idempotency key makes Stripe answer a repeated create (a retried transaction, another
    /// replica) with the same customer; the unique index on the column is the last line.
    /// </summary>
    public Task<string> EnsureAsync(string userId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            var account = await db.LockAccountAsync(userId, ct)
                ?? throw new InvalidOperationException($"Billing account {userId} does not exist.");
            if (account.StripeCustomerId is { } existing)
            {
                return existing;
            }

            var customer = await stripe.V1.Customers.CreateAsync(
                new CustomerCreateOptions
                {
                    Email = account.Email,
                    Metadata = new Dictionary<string, string> { ["user_id"] = userId },
                },
                new RequestOptions { IdempotencyKey = $"billing-customer-{userId}" },
                ct);
            account.StripeCustomerId = customer.Id;
            account.UpdatedAt = time.GetUtcNow();
            LogCustomerCreated(logger, userId, customer.Id);
            return customer.Id;
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Stripe customer {CustomerId} for user {UserId}")]
    private static partial void LogCustomerCreated(ILogger logger, string userId, string customerId);
}
