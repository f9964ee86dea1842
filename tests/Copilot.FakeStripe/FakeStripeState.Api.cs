using System.Text.Json.Nodes;

namespace Copilot.FakeStripe;

/// <summary>The Stripe API operations the billing service calls, with Stripe's validation where it matters to callers.</summary>
public sealed partial class FakeStripeState
{
    public JsonObject CreateCustomer(JsonObject form) => Mutate(emitted =>
    {
        var customer = new FakeCustomer { Id = NewId("cus"), Email = form.Str("email"), Metadata = form.Map("metadata"), Created = Now };
        _customers[customer.Id] = customer;
        Emit("customer.created", customer.Render(), emitted);
        return customer.Render();
    });

    public JsonObject GetCustomer(string id) => Read(() => (_customers.GetValueOrDefault(id) ?? throw StripeError.Missing("customer", id)).Render());

    public JsonObject GetPrice(string id) => Read(() => (_prices.GetValueOrDefault(id) ?? throw StripeError.Missing("price", id)).Render());

    public JsonObject CreateCheckoutSession(JsonObject form) => Mutate(emitted =>
    {
        var mode = form.Str("mode");
        if (mode is not ("subscription" or "payment"))
        {
            throw StripeError.Invalid("Invalid mode: must be one of payment, setup, or subscription", "mode");
        }

        var customerId = form.Str("customer");
        if (customerId is not null && !_customers.ContainsKey(customerId))
        {
            throw StripeError.Missing("customer", customerId);
        }

        if (form.Objects("line_items") is not [var item])
        {
            throw StripeError.Invalid("Exactly one line item is supported by the fake.", "line_items");
        }

        var priceId = item.Str("price");
        long amount;
        if (priceId is not null)
        {
            amount = (_prices.GetValueOrDefault(priceId) ?? throw StripeError.Missing("price", priceId)).UnitAmount;
        }
        else
        {
            amount = item.Obj("price_data")?.Long("unit_amount") ?? throw StripeError.Invalid("Missing price or price_data.", "line_items[0]");
        }

        var id = NewId("cs_test");
        var session = new FakeCheckoutSession
        {
            Id = id, Mode = mode, CustomerId = customerId, PriceId = priceId, AmountTotal = amount * (item.Long("quantity") ?? 1),
            SuccessUrl = form.Str("success_url") ?? throw StripeError.Invalid("Missing required param: success_url.", "success_url"),
            CancelUrl = form.Str("cancel_url") ?? "", ClientReferenceId = form.Str("client_reference_id"),
            Metadata = form.Map("metadata"),
            SubscriptionMetadata = form.Obj("subscription_data")?.Map("metadata") ?? [],
            PaymentIntentMetadata = form.Obj("payment_intent_data")?.Map("metadata") ?? [],
            Url = new Uri(PublicAddress, $"checkout/{id}").ToString(), Created = Now,
        };
        _sessions[id] = session;
        return session.Render();
    });

    public JsonObject GetCheckoutSession(string id) => Read(() => Session(id).Render());

    /// <summary>Stripe's default (no <c>status</c>) leaves out cancelled subscriptions; <c>status=all</c> includes them.</summary>
    public JsonObject ListSubscriptions(JsonObject query) => Read(() =>
    {
        var status = query.Str("status");
        var customer = query.Str("customer");
        var limit = (int)Math.Clamp(query.Long("limit") ?? 10, 1, 100);
        var matching = _subscriptions.Values
            .Where(s => customer is null || s.CustomerId == customer)
            .Where(s => status switch
            {
                null => s.Status != "canceled",
                "all" => true,
                _ => s.Status == status,
            })
            .OrderByDescending(s => s.Created).Take(limit).Select(Render).ToArray();
        return Json.List("/v1/subscriptions", matching);
    });

    public JsonObject GetSubscription(string id) => Read(() => Render(Subscription(id)));

    /// <summary>Price changes (with <c>proration_behavior</c>) and <c>cancel_at_period_end</c>; a subscription a schedule manages refuses both.</summary>
    public JsonObject UpdateSubscription(string id, JsonObject form) => Mutate(emitted =>
    {
        var subscription = _subscriptions.GetValueOrDefault(id) ?? throw StripeError.Missing("subscription", id);
        if (subscription.Status == "canceled")
        {
            throw StripeError.Invalid("A canceled subscription can only update its cancellation_details and metadata.");
        }

        var items = form.Objects("items");
        var cancel = form.Bool("cancel_at_period_end");
        if ((items.Count > 0 || cancel is not null) && subscription.ScheduleId is not null)
        {
            throw StripeError.Invalid(
                $"The subscription is managed by the subscription schedule `{subscription.ScheduleId}`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.");
        }

        foreach (var item in items)
        {
            if (item.Str("id") is { } itemId && itemId != subscription.ItemId)
            {
                throw StripeError.Missing("subscription_item", itemId);
            }

            if (item.Str("price") is { } priceId)
            {
                _ = _prices.GetValueOrDefault(priceId) ?? throw StripeError.Missing("price", priceId);
                subscription.PriceId = priceId;
                subscription.LastProrationBehavior = form.Str("proration_behavior") ?? "create_prorations";
            }
        }

        if (cancel is { } cancelAtPeriodEnd)
        {
            subscription.CancelAtPeriodEnd = cancelAtPeriodEnd;
        }

        foreach (var (key, value) in form.Map("metadata"))
        {
            subscription.Metadata[key] = value;
        }

        Emit("customer.subscription.updated", Render(subscription), emitted);
        return Render(subscription);
    });

    /// <summary>Immediate cancellation (<c>DELETE /v1/subscriptions/{id}</c>).</summary>
    public JsonObject CancelSubscription(string id) => Mutate(emitted =>
    {
        var subscription = _subscriptions.GetValueOrDefault(id) ?? throw StripeError.Missing("subscription", id);
        if (subscription.Status == "canceled")
        {
            throw StripeError.Invalid($"This subscription is already canceled: {id}");
        }

        EndSubscription(subscription, Now, emitted);
        return Render(subscription);
    });

    public JsonObject CreateSchedule(JsonObject form) => Mutate(emitted =>
    {
        var subscriptionId = form.Str("from_subscription") ?? throw StripeError.Invalid("The fake only supports from_subscription.", "from_subscription");
        var subscription = _subscriptions.GetValueOrDefault(subscriptionId) ?? throw StripeError.Missing("subscription", subscriptionId);
        if (subscription.ScheduleId is not null)
        {
            throw StripeError.Invalid($"You cannot migrate a subscription that is already attached to a schedule: `{subscription.ScheduleId}`.");
        }

        var schedule = new FakeSchedule
        {
            Id = NewId("sub_sched"), CustomerId = subscription.CustomerId, SubscriptionId = subscription.Id, Created = Now,
            Phases = [new FakePhase(subscription.PriceId, subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd)],
        };
        _schedules[schedule.Id] = schedule;
        subscription.ScheduleId = schedule.Id;
        Emit("subscription_schedule.created", schedule.Render(Now), emitted);
        Emit("customer.subscription.updated", Render(subscription), emitted);
        return schedule.Render(Now);
    });

    public JsonObject GetSchedule(string id) => Read(() => Schedule(id).Render(Now));

    /// <summary>Replaces the phases: each starts where the previous ends and lasts <c>end_date</c>, <c>duration</c> or one month.</summary>
    public JsonObject UpdateSchedule(string id, JsonObject form) => Mutate(emitted =>
    {
        var schedule = _schedules.GetValueOrDefault(id) ?? throw StripeError.Missing("subscription_schedule", id);
        if (schedule.Status != "active")
        {
            throw StripeError.Invalid($"You cannot update a subscription schedule that is currently in the `{schedule.Status}` status.");
        }

        if (form.Str("end_behavior") is { } endBehavior)
        {
            schedule.EndBehavior = endBehavior;
        }

        var phases = form.Objects("phases");
        if (phases.Count > 0)
        {
            var start = schedule.Phases[0].StartDate;
            var result = new List<FakePhase>();
            foreach (var phase in phases)
            {
                var priceId = phase.Objects("items").FirstOrDefault()?.Str("price") ?? throw StripeError.Invalid("Each phase needs a price.", "phases");
                _ = _prices.GetValueOrDefault(priceId) ?? throw StripeError.Missing("price", priceId);
                if (phase.Long("start_date") is { } explicitStart)
                {
                    start = DateTimeOffset.FromUnixTimeSeconds(explicitStart);
                }

                var end = phase.Long("end_date") is { } explicitEnd ? DateTimeOffset.FromUnixTimeSeconds(explicitEnd) : Add(start, phase.Obj("duration"));
                if (end <= start)
                {
                    throw StripeError.Invalid("A phase must end after it starts.", "phases");
                }

                result.Add(new FakePhase(priceId, start, end));
                start = end;
            }

            schedule.Phases = result;
        }

        Emit("subscription_schedule.updated", schedule.Render(Now), emitted);
        return schedule.Render(Now);
    });

    /// <summary>Detaches the schedule and leaves the subscription as it is; a schedule not in progress cannot be released.</summary>
    public JsonObject ReleaseSchedule(string id) => Mutate(emitted =>
    {
        var schedule = _schedules.GetValueOrDefault(id) ?? throw StripeError.Missing("subscription_schedule", id);
        if (schedule.Status is not ("active" or "not_started"))
        {
            throw StripeError.Invalid($"You cannot release a subscription schedule that is currently in the `{schedule.Status}` status.");
        }

        Release(schedule, emitted);
        return schedule.Render(Now);
    });

    public JsonObject ListEvents(JsonObject query) => Read(() =>
    {
        var type = query.Str("type");
        var limit = (int)Math.Clamp(query.Long("limit") ?? 10, 1, 100);
        return Json.List("/v1/events", _events.Where(e => type is null || e["type"]?.GetValue<string>() == type)
            .Reverse().Take(limit).Select(e => (JsonObject)e.DeepClone()).ToArray());
    });

    private void Release(FakeSchedule schedule, List<JsonObject> emitted)
    {
        schedule.Status = "released";
        schedule.ReleasedAt = Now;
        if (_subscriptions.GetValueOrDefault(schedule.SubscriptionId) is { } subscription && subscription.ScheduleId == schedule.Id)
        {
            subscription.ScheduleId = null;
            Emit("customer.subscription.updated", Render(subscription), emitted);
        }

        Emit("subscription_schedule.released", schedule.Render(Now), emitted);
    }

    private void EndSubscription(FakeSubscription subscription, DateTimeOffset at, List<JsonObject> emitted)
    {
        subscription.Status = "canceled";
        subscription.CanceledAt ??= at;
        subscription.EndedAt = at;
        if (subscription.ScheduleId is { } scheduleId && _schedules.GetValueOrDefault(scheduleId) is { } schedule)
        {
            schedule.Status = "canceled";
            subscription.ScheduleId = null;
        }

        Emit("customer.subscription.deleted", Render(subscription), emitted);
    }

    private static DateTimeOffset Add(DateTimeOffset start, JsonObject? duration)
    {
        var count = (int)(duration?.Long("interval_count") ?? 1);
        return duration?.Str("interval") switch
        {
            "day" => start.AddDays(count),
            "week" => start.AddDays(7 * count),
            "year" => start.AddYears(count),
            _ => start.AddMonths(count),
        };
    }

    private JsonObject Read(Func<JsonObject> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private JsonObject Mutate(Func<List<JsonObject>, JsonObject> change)
    {
        var emitted = new List<JsonObject>();
        JsonObject result;
        lock (_gate)
        {
            result = change(emitted);
        }

        Flush(emitted);
        return result;
    }
}
