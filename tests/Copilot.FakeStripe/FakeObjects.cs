using System.Text.Json.Nodes;

namespace Copilot.FakeStripe;

/// <summary>Stripe objects held in memory, each rendered in the JSON shape Stripe's API (and so Stripe.net) uses.</summary>
public sealed class FakeCustomer
{
    public required string Id { get; init; }

    public string? Email { get; set; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public DateTimeOffset Created { get; init; }

    public JsonObject Render() => new()
    {
        ["id"] = Id, ["object"] = "customer", ["email"] = Email, ["created"] = Created.ToUnixTimeSeconds(),
        ["livemode"] = false, ["metadata"] = Json.Map(Metadata),
    };
}

public sealed class FakePrice
{
    public required string Id { get; init; }

    public long UnitAmount { get; init; }

    public string Currency { get; init; } = "usd";

    public DateTimeOffset Created { get; init; }

    public JsonObject Render() => new()
    {
        ["id"] = Id, ["object"] = "price", ["active"] = true, ["currency"] = Currency, ["unit_amount"] = UnitAmount,
        ["type"] = "recurring", ["recurring"] = new JsonObject { ["interval"] = "month", ["interval_count"] = 1 },
        ["product"] = $"prod_{Id}", ["created"] = Created.ToUnixTimeSeconds(), ["livemode"] = false, ["metadata"] = new JsonObject(),
    };
}

public sealed class FakeSubscription
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public required string ItemId { get; init; }

    public required string PriceId { get; set; }

    /// <summary><c>active</c>, <c>trialing</c>, <c>past_due</c>, <c>unpaid</c>, <c>incomplete</c> or <c>canceled</c>.</summary>
    public string Status { get; set; } = "active";

    public DateTimeOffset CurrentPeriodStart { get; set; }

    public DateTimeOffset CurrentPeriodEnd { get; set; }

    public bool CancelAtPeriodEnd { get; set; }

    public DateTimeOffset? CanceledAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? ScheduleId { get; set; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public DateTimeOffset Created { get; init; }

    /// <summary>The last <c>proration_behavior</c> a price change was made with (for assertions).</summary>
    public string? LastProrationBehavior { get; set; }

    public JsonObject Render(FakePrice price) => new()
    {
        ["id"] = Id, ["object"] = "subscription", ["customer"] = CustomerId, ["status"] = Status,
        ["cancel_at_period_end"] = CancelAtPeriodEnd,
        ["cancel_at"] = CancelAtPeriodEnd ? CurrentPeriodEnd.ToUnixTimeSeconds() : null,
        ["canceled_at"] = CanceledAt?.ToUnixTimeSeconds(), ["ended_at"] = EndedAt?.ToUnixTimeSeconds(),
        ["created"] = Created.ToUnixTimeSeconds(), ["start_date"] = Created.ToUnixTimeSeconds(),
        ["billing_cycle_anchor"] = Created.ToUnixTimeSeconds(), ["currency"] = price.Currency, ["collection_method"] = "charge_automatically",
        ["schedule"] = ScheduleId, ["livemode"] = false, ["metadata"] = Json.Map(Metadata),
        ["items"] = Json.List($"/v1/subscription_items?subscription={Id}", new JsonObject
        {
            ["id"] = ItemId, ["object"] = "subscription_item", ["subscription"] = Id, ["quantity"] = 1,
            ["created"] = Created.ToUnixTimeSeconds(), ["price"] = price.Render(), ["metadata"] = new JsonObject(),
            ["current_period_start"] = CurrentPeriodStart.ToUnixTimeSeconds(), ["current_period_end"] = CurrentPeriodEnd.ToUnixTimeSeconds(),
        }),
    };
}

public sealed record FakePhase(string PriceId, DateTimeOffset StartDate, DateTimeOffset EndDate);

public sealed class FakeSchedule
{
    public required string Id { get; init; }

    public required string CustomerId { get; init; }

    public required string SubscriptionId { get; init; }

    /// <summary><c>active</c>, <c>released</c>, <c>completed</c> or <c>canceled</c>.</summary>
    public string Status { get; set; } = "active";

    public string EndBehavior { get; set; } = "release";

    public List<FakePhase> Phases { get; set; } = [];

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? ReleasedAt { get; set; }

    public JsonObject Render(DateTimeOffset now)
    {
        var current = Status == "active" ? Phases.FirstOrDefault(p => p.StartDate <= now && now < p.EndDate) : null;
        return new JsonObject
        {
            ["id"] = Id, ["object"] = "subscription_schedule", ["customer"] = CustomerId, ["status"] = Status,
            ["subscription"] = Status == "active" ? SubscriptionId : null,
            ["released_subscription"] = Status == "released" ? SubscriptionId : null,
            ["released_at"] = ReleasedAt?.ToUnixTimeSeconds(), ["end_behavior"] = EndBehavior, ["created"] = Created.ToUnixTimeSeconds(),
            ["livemode"] = false, ["metadata"] = new JsonObject(),
            ["current_phase"] = current is null ? null : new JsonObject
            {
                ["start_date"] = current.StartDate.ToUnixTimeSeconds(), ["end_date"] = current.EndDate.ToUnixTimeSeconds(),
            },
            ["phases"] = new JsonArray(Phases.Select(p => (JsonNode?)new JsonObject
            {
                ["start_date"] = p.StartDate.ToUnixTimeSeconds(), ["end_date"] = p.EndDate.ToUnixTimeSeconds(),
                ["proration_behavior"] = "none", ["metadata"] = new JsonObject(),
                ["items"] = new JsonArray(new JsonObject { ["price"] = p.PriceId, ["quantity"] = 1, ["metadata"] = new JsonObject() }),
            }).ToArray()),
        };
    }
}

public sealed class FakeCheckoutSession
{
    public required string Id { get; init; }

    public required string Mode { get; init; }

    public string? CustomerId { get; init; }

    /// <summary>The recurring price (subscription mode) or null for an ad-hoc amount (payment mode).</summary>
    public string? PriceId { get; init; }

    public long AmountTotal { get; init; }

    public required string SuccessUrl { get; init; }

    public required string CancelUrl { get; init; }

    public string? ClientReferenceId { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public Dictionary<string, string> SubscriptionMetadata { get; init; } = [];

    public Dictionary<string, string> PaymentIntentMetadata { get; init; } = [];

    public string Status { get; set; } = "open";

    public string PaymentStatus { get; set; } = "unpaid";

    public string? SubscriptionId { get; set; }

    public string? PaymentIntentId { get; set; }

    public required string Url { get; init; }

    public DateTimeOffset Created { get; init; }

    public JsonObject Render() => new()
    {
        ["id"] = Id, ["object"] = "checkout.session", ["mode"] = Mode, ["customer"] = CustomerId, ["status"] = Status,
        ["payment_status"] = PaymentStatus, ["subscription"] = SubscriptionId, ["payment_intent"] = PaymentIntentId,
        ["amount_total"] = AmountTotal, ["currency"] = "usd", ["success_url"] = SuccessUrl, ["cancel_url"] = CancelUrl,
        ["client_reference_id"] = ClientReferenceId, ["url"] = Status == "open" ? Url : null, ["created"] = Created.ToUnixTimeSeconds(),
        ["livemode"] = false, ["metadata"] = Json.Map(Metadata),
    };
}

/// <summary>A paid top-up's PaymentIntent, which refunds and disputes refer to.</summary>
public sealed record FakePayment(string PaymentIntentId, string ChargeId, string CustomerId, long Amount);

internal static class Json
{
    public static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            result[key] = value;
        }

        return result;
    }

    public static JsonObject List(string url, params JsonObject[] items) => new()
    {
        ["object"] = "list", ["url"] = url, ["has_more"] = false, ["data"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
    };
}
