using System.Text.Json;
using Copilot.Billing.Credits;
using Copilot.Billing.Data;
using Copilot.Billing.Subscriptions;
using Stripe;

namespace Copilot.Billing.Webhooks;

/// <summary>The webhook dispatch table (seed-digest part1 §5.5).</summary>
public sealed partial class StripeEventDispatcher(
    StripeClient stripe,
    SubscriptionSync sync,
    TopUps topUps,
    CreditLedger ledger,
    ILogger<StripeEventDispatcher> logger)
{
    public async Task DispatchAsync(string eventId, string type, JsonElement dataObject, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "checkout.session.completed" or "checkout.session.async_payment_succeeded":
                await FulfillCheckoutAsync(type, dataObject, cancellationToken);
                break;
            case "customer.subscription.created" or "customer.subscription.updated" or "customer.subscription.deleted"
                or "subscription_schedule.released" or "subscription_schedule.completed":
                await SyncCustomerAsync(type, dataObject, cancellationToken);
                break;
            case "invoice.payment_failed":
                // Stripe moves the subscription to past_due (no access) or keeps retrying; the re-sync reads which.
                LogPaymentFailed(logger, Text(dataObject, "id") ?? "(none)", Id(dataObject, "customer") ?? "(none)");
                await SyncCustomerAsync(type, dataObject, cancellationToken);
                break;
            case "subscription_schedule.updated":
                // Deliberately ignored: our own schedule create/update would echo it back; the phase change itself
                // arrives as customer.subscription.updated.
                break;
            case "charge.dispute.created":
                await NoteDisputeAsync(dataObject, cancellationToken);
                break;
            case "charge.dispute.closed" when Text(dataObject, "status") == "lost":
                await ClawBackAsync(dataObject, $"dispute:{Text(dataObject, "id")}", "Lost payment dispute", cancellationToken);
                break;
            case "refund.created":
                await ClawBackAsync(dataObject, $"refund:{Text(dataObject, "id")}", "Top-up refunded", cancellationToken);
                break;
            default:
                LogIgnored(logger, type, eventId);
                break;
        }
    }

    /// <summary>The session is re-read from Stripe: the payload may be stale (payment status) and is not trusted for money.</summary>
    private async Task FulfillCheckoutAsync(string type, JsonElement session, CancellationToken cancellationToken)
    {
        if (Text(session, "id") is not { } sessionId)
        {
            LogMissingId(logger, type);
            return;
        }

        var current = await stripe.V1.Checkout.Sessions.GetAsync(sessionId, cancellationToken: cancellationToken);
        await topUps.FulfillAsync(current, cancellationToken);
        if (current.Mode == "subscription" && current.CustomerId is { } customerId)
        {
            await sync.SyncCustomerAsync(customerId, cancellationToken);
        }
    }

    private async Task SyncCustomerAsync(string type, JsonElement stripeObject, CancellationToken cancellationToken)
    {
        if (Id(stripeObject, "customer") is not { } customerId)
        {
            LogMissingCustomer(logger, type);
            return;
        }

        await sync.SyncCustomerAsync(customerId, cancellationToken);
    }

    /// <summary>Only logged: the dispute may still be won; a lost one is clawed back when it closes.</summary>
    private async Task NoteDisputeAsync(JsonElement dispute, CancellationToken cancellationToken)
    {
        var topUp = Id(dispute, "payment_intent") is { } paymentIntent ? await ledger.FindTopUpAsync(paymentIntent, cancellationToken) : null;
        LogDisputeOpened(logger, topUp?.UserId ?? "(unknown)", Text(dispute, "id") ?? "(none)", Amount(dispute));
    }

    /// <summary>Takes back the credits of a refunded or lost top-up; payments that were not top-ups carry no credits.</summary>
    private async Task ClawBackAsync(JsonElement stripeObject, string key, string reason, CancellationToken cancellationToken)
    {
        if (Id(stripeObject, "payment_intent") is not { } paymentIntent || await ledger.FindTopUpAsync(paymentIntent, cancellationToken) is not { } topUp)
        {
            LogNotATopUp(logger, key);
            return;
        }

        var amount = Math.Min(Amount(stripeObject), topUp.AmountCents);
        if (amount > 0)
        {
            await ledger.ApplyAsync(new CreditLedger.Entry(topUp.UserId, -amount, CreditTransactionKind.Clawback, key, reason),
                allowNegative: true, cancellationToken);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An expandable reference: either the id string or the expanded object's <c>id</c>.</summary>
    private static string? Id(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Object ? Text(value, "id")
        : null;

    private static long Amount(JsonElement element) =>
        element.TryGetProperty("amount", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var amount) ? amount : 0;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stripe event {EventType} ({EventId}) needs no handling")]
    private static partial void LogIgnored(ILogger logger, string eventType, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventType} has no data.object.id; ignored")]
    private static partial void LogMissingId(ILogger logger, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventType} names no customer; ignored")]
    private static partial void LogMissingCustomer(ILogger logger, string eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} of customer {CustomerId} failed to pay; re-syncing the tier")]
    private static partial void LogPaymentFailed(ILogger logger, string invoiceId, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment dispute {DisputeId} opened against user {UserId} for {AmountCents} cents")]
    private static partial void LogDisputeOpened(ILogger logger, string userId, string disputeId, long amountCents);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Key} concerns no credit top-up; no credits taken back")]
    private static partial void LogNotATopUp(ILogger logger, string key);
}
