using System.Globalization;
using Copilot.Billing.Data;
using Copilot.Billing.StripeIntegration;
using Stripe;
using Stripe.Checkout;

namespace Copilot.Billing.Credits;

/// <summary>Credit top-ups: a Stripe Checkout Session in payment mode, credited when Stripe reports it paid.</summary>
public sealed partial class TopUps(StripeClient stripe, StripeCustomers customers, CreditLedger ledger, ILogger<TopUps> logger)
{
    private const string Purpose = "credit_top_up";

    /// <summary>The redirect URLs are built here from the configured origin, so there is nothing for a caller to redirect.</summary>
    public async Task<string> StartAsync(string userId, long amountCents, string origin, CancellationToken cancellationToken)
    {
        var customerId = await customers.EnsureAsync(userId, cancellationToken);
        var metadata = new Dictionary<string, string>
        {
            ["purpose"] = Purpose,
            ["user_id"] = userId,
            ["credit_amount_cents"] = amountCents.ToString(CultureInfo.InvariantCulture),
        };
        var session = await stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            Customer = customerId,
            ClientReferenceId = userId,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "usd",
                        UnitAmount = amountCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Copilot credits" },
                    },
                },
            ],
            SuccessUrl = $"{origin.TrimEnd('/')}/profile/credits?topup=success",
            CancelUrl = $"{origin.TrimEnd('/')}/profile/credits?topup=cancel",
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
        }, cancellationToken: cancellationToken);
        LogTopUpStarted(logger, userId, amountCents, session.Id);
        return session.Url;
    }

    /// <summary>
    /// Credits a paid top-up session once (keyed by the session id, so both "completed" and "async payment succeeded"
    /// for one session credit it once). Sessions that are not ours, or not paid yet, are left alone.
    /// </summary>
    public async Task FulfillAsync(Session session, CancellationToken cancellationToken)
    {
        if (session.Mode != "payment" || session.Metadata?.GetValueOrDefault("purpose") != Purpose)
        {
            return;
        }

        var userId = session.Metadata.GetValueOrDefault("user_id") ?? session.ClientReferenceId;
        if (string.IsNullOrEmpty(userId)
            || !long.TryParse(session.Metadata.GetValueOrDefault("credit_amount_cents"), CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            LogMalformedSession(logger, session.Id);
            return;
        }

        if (session.PaymentStatus != "paid")
        {
            // Delayed payment methods settle later; checkout.session.async_payment_succeeded credits them then.
            LogAwaitingPayment(logger, userId, session.Id, session.PaymentStatus ?? "unknown");
            return;
        }

        await ledger.ApplyAsync(new CreditLedger.Entry(userId, amount, CreditTransactionKind.TopUp, $"top-up:{session.Id}", "Credit top-up",
            session.PaymentIntentId), allowNegative: false, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started top-up checkout {SessionId} of {AmountCents} cents for user {UserId}")]
    private static partial void LogTopUpStarted(ILogger logger, string userId, long amountCents, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Top-up session {SessionId} lacks its user or amount metadata; not credited")]
    private static partial void LogMalformedSession(ILogger logger, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Top-up session {SessionId} of user {UserId} is {PaymentStatus}; credited once paid")]
    private static partial void LogAwaitingPayment(ILogger logger, string userId, string sessionId, string paymentStatus);
}
