using System.Text.Json.Nodes;

namespace Copilot.FakeStripe;

/// <summary>
/// What happens on Stripe's side without an API call from the service — a customer paying on the Checkout page, a
/// billing period ending, a renewal failing, a refund or dispute — driven by tests (or the <c>/_fake</c> endpoints).
/// </summary>
public sealed partial class FakeStripeState
{
    /// <summary>
    /// The customer pays. Subscription mode creates the subscription (one 30-day period from now); payment mode creates
    /// the PaymentIntent, left unpaid when <paramref name="delayedPayment"/> (settled later by <see cref="SettleDelayedPayment"/>).
    /// </summary>
    public FakeCheckoutSession CompleteCheckout(string sessionId, bool delayedPayment = false)
    {
        var emitted = new List<JsonObject>();
        FakeCheckoutSession session;
        lock (_gate)
        {
            session = _sessions.GetValueOrDefault(sessionId) ?? throw StripeError.Missing("checkout.session", sessionId);
            if (session.Status != "open")
            {
                throw StripeError.Invalid($"Checkout session {sessionId} is {session.Status}.");
            }

            var customerId = session.CustomerId ?? CreateCustomerLocked(session.ClientReferenceId, emitted);
            session.Status = "complete";
            if (session.Mode == "subscription")
            {
                session.SubscriptionId = CreateSubscriptionLocked(customerId, session.PriceId!, session.SubscriptionMetadata, emitted).Id;
                session.PaymentStatus = "paid";
            }
            else
            {
                var payment = new FakePayment(NewId("pi"), NewId("ch"), customerId, session.AmountTotal);
                _payments[payment.PaymentIntentId] = payment;
                session.PaymentIntentId = payment.PaymentIntentId;
                session.PaymentStatus = delayedPayment ? "unpaid" : "paid";
            }

            Emit("checkout.session.completed", session.Render(), emitted);
        }

        Flush(emitted);
        return session;
    }

    /// <summary>A delayed payment method (e.g. a bank debit) settles: <c>checkout.session.async_payment_succeeded</c>.</summary>
    public void SettleDelayedPayment(string sessionId) => Mutate(emitted =>
    {
        var session = _sessions.GetValueOrDefault(sessionId) ?? throw StripeError.Missing("checkout.session", sessionId);
        session.PaymentStatus = "paid";
        Emit("checkout.session.async_payment_succeeded", session.Render(), emitted);
        return session.Render();
    });

    /// <summary>A subscription created outside the service (e.g. in Stripe's dashboard).</summary>
    public FakeSubscription CreateSubscription(string customerId, string priceId, string status = "active")
    {
        var emitted = new List<JsonObject>();
        FakeSubscription subscription;
        lock (_gate)
        {
            subscription = CreateSubscriptionLocked(customerId, priceId, [], emitted, status);
        }

        Flush(emitted);
        return subscription;
    }

    /// <summary>
    /// The current period ends: a subscription set to cancel is deleted; otherwise it renews, switching to the price of
    /// the schedule phase that starts now. When that phase is the schedule's last, the fake releases the schedule at once
    /// (Stripe would release it when that phase ends; the subscription is the same either way).
    /// </summary>
    public void AdvanceToPeriodEnd(string subscriptionId) => Mutate(emitted =>
    {
        var subscription = _subscriptions.GetValueOrDefault(subscriptionId) ?? throw StripeError.Missing("subscription", subscriptionId);
        var end = subscription.CurrentPeriodEnd;
        if (subscription.Status == "canceled")
        {
            throw StripeError.Invalid($"Subscription {subscriptionId} is canceled.");
        }

        if (subscription.CancelAtPeriodEnd)
        {
            EndSubscription(subscription, end, emitted);
            return Render(subscription);
        }

        var schedule = subscription.ScheduleId is { } scheduleId ? _schedules.GetValueOrDefault(scheduleId) : null;
        var next = schedule?.Phases.FirstOrDefault(p => p.StartDate >= end);
        if (next is not null)
        {
            subscription.PriceId = next.PriceId;
        }

        subscription.CurrentPeriodStart = end;
        subscription.CurrentPeriodEnd = end + Period;
        Emit("customer.subscription.updated", Render(subscription), emitted);
        if (schedule is not null && next is not null && next == schedule.Phases[^1])
        {
            if (schedule.EndBehavior == "cancel")
            {
                schedule.Status = "completed";
                Emit("subscription_schedule.completed", schedule.Render(Now), emitted);
                EndSubscription(subscription, subscription.CurrentPeriodEnd, emitted);
            }
            else
            {
                Release(schedule, emitted);
            }
        }

        return Render(subscription);
    });

    /// <summary>The renewal charge fails: the subscription goes <c>past_due</c> and <c>invoice.payment_failed</c> is sent.</summary>
    public void FailRenewal(string subscriptionId) => Mutate(emitted =>
    {
        var subscription = _subscriptions.GetValueOrDefault(subscriptionId) ?? throw StripeError.Missing("subscription", subscriptionId);
        subscription.Status = "past_due";
        Emit("customer.subscription.updated", Render(subscription), emitted);
        Emit("invoice.payment_failed", new JsonObject
        {
            ["id"] = NewId("in"), ["object"] = "invoice", ["customer"] = subscription.CustomerId, ["status"] = "open",
            ["amount_due"] = PriceOf(subscription).UnitAmount, ["created"] = Now.ToUnixTimeSeconds(), ["livemode"] = false,
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = subscription.Id, ["metadata"] = new JsonObject() },
            },
        }, emitted);
        return Render(subscription);
    });

    /// <summary>Refunds (part of) a top-up payment: <c>refund.created</c>. Returns the refund id.</summary>
    public string Refund(string paymentIntentId, long? amount = null) => PaymentEvent(paymentIntentId, "refund.created", "re", "refund",
        payment => amount ?? payment.Amount, "succeeded");

    /// <summary>The cardholder disputes a top-up payment: <c>charge.dispute.created</c>. Returns the dispute id.</summary>
    public string OpenDispute(string paymentIntentId) => PaymentEvent(paymentIntentId, "charge.dispute.created", "dp", "dispute",
        payment => payment.Amount, "needs_response");

    /// <summary>The dispute ends <c>won</c> or <c>lost</c>: <c>charge.dispute.closed</c>.</summary>
    public void CloseDispute(string paymentIntentId, string disputeId, string status)
    {
        Mutate(emitted =>
        {
            var payment = _payments.GetValueOrDefault(paymentIntentId) ?? throw StripeError.Missing("payment_intent", paymentIntentId);
            var dispute = PaymentObject(disputeId, "dispute", payment, payment.Amount, status);
            Emit("charge.dispute.closed", dispute, emitted);
            return dispute;
        });
    }

    private string PaymentEvent(string paymentIntentId, string type, string prefix, string objectName, Func<FakePayment, long> amount, string status)
    {
        var id = NewId(prefix);
        Mutate(emitted =>
        {
            var payment = _payments.GetValueOrDefault(paymentIntentId) ?? throw StripeError.Missing("payment_intent", paymentIntentId);
            var stripeObject = PaymentObject(id, objectName, payment, amount(payment), status);
            Emit(type, stripeObject, emitted);
            return stripeObject;
        });
        return id;
    }

    private JsonObject PaymentObject(string id, string objectName, FakePayment payment, long amount, string status) => new()
    {
        ["id"] = id, ["object"] = objectName, ["amount"] = amount, ["currency"] = "usd", ["charge"] = payment.ChargeId,
        ["payment_intent"] = payment.PaymentIntentId, ["status"] = status, ["created"] = Now.ToUnixTimeSeconds(), ["livemode"] = false,
    };

    private string CreateCustomerLocked(string? userId, List<JsonObject> emitted)
    {
        var customer = new FakeCustomer
        {
            Id = NewId("cus"), Created = Now, Metadata = userId is null ? [] : new Dictionary<string, string> { ["user_id"] = userId },
        };
        _customers[customer.Id] = customer;
        Emit("customer.created", customer.Render(), emitted);
        return customer.Id;
    }

    private FakeSubscription CreateSubscriptionLocked(string customerId, string priceId, Dictionary<string, string> metadata,
        List<JsonObject> emitted, string status = "active")
    {
        _ = _customers.GetValueOrDefault(customerId) ?? throw StripeError.Missing("customer", customerId);
        _ = _prices.GetValueOrDefault(priceId) ?? throw StripeError.Missing("price", priceId);
        // A customer's subscriptions must be ordered by creation time even when created within one second (Stripe's
        // timestamps have one-second resolution), so a newer one is never mistaken for an older one.
        var created = _subscriptions.Values.Where(s => s.CustomerId == customerId).Select(s => s.Created.AddSeconds(1)).Append(Now).Max();
        var subscription = new FakeSubscription
        {
            Id = NewId("sub"), CustomerId = customerId, ItemId = NewId("si"), PriceId = priceId, Status = status, Metadata = new(metadata),
            Created = created, CurrentPeriodStart = created, CurrentPeriodEnd = created + Period,
        };
        _subscriptions[subscription.Id] = subscription;
        Emit("customer.subscription.created", Render(subscription), emitted);
        return subscription;
    }
}
