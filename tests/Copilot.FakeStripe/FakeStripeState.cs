using System.Text.Json.Nodes;

namespace Copilot.FakeStripe;

/// <summary>One request as the fake received it, for assertions (form decoded, see <see cref="FormTree"/>).</summary>
public sealed record RecordedRequest(string Method, string Path, JsonObject Form, string? IdempotencyKey);

/// <summary>
/// Everything the fake Stripe knows, in memory and behind one lock. API handlers and test controls both go through
/// here; every state change Stripe would announce is appended to <see cref="Events"/> as a webhook event.
/// </summary>
public sealed partial class FakeStripeState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeCustomer> _customers = [];
    private readonly Dictionary<string, FakePrice> _prices = [];
    private readonly Dictionary<string, FakeSubscription> _subscriptions = [];
    private readonly Dictionary<string, FakeSchedule> _schedules = [];
    private readonly Dictionary<string, FakeCheckoutSession> _sessions = [];
    private readonly Dictionary<string, FakePayment> _payments = [];
    private readonly List<JsonObject> _events = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<Fault> _faults = [];

    private sealed class Fault(string method, string pathPrefix, int remaining, int status)
    {
        public string Method { get; } = method;

        public string PathPrefix { get; } = pathPrefix;

        public int Remaining { get; set; } = remaining;

        public int Status { get; } = status;
    }

    /// <summary>The fake's clock; periods and event timestamps use it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where checkout pages are served (the fake's own address), for session URLs.</summary>
    public Uri PublicAddress { get; set; } = new("http://127.0.0.1/");

    /// <summary>Stamped on events; taken from the <c>Stripe-Version</c> header of the latest API request.</summary>
    public string ApiVersion { get; set; } = "2026-10-28.endive";

    /// <summary>Raised (outside the lock) for every event, in order; used for automatic webhook delivery.</summary>
    public event Action<JsonObject>? EventEmitted;

    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    /// <summary>Stripe's timestamps have whole-second resolution; so do the fake's.</summary>
    private DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(Time.GetUtcNow().ToUnixTimeSeconds());

    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.Select(e => (JsonObject)e.DeepClone()).ToList();
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Events whose object belongs to <paramref name="customerId"/> (directly or through one of its payments), oldest first.</summary>
    public IReadOnlyList<JsonObject> EventsFor(string customerId)
    {
        HashSet<string> payments;
        lock (_gate)
        {
            payments = _payments.Values.Where(p => p.CustomerId == customerId).Select(p => p.PaymentIntentId).ToHashSet();
        }

        return Events.Where(e => e["data"]?["object"] is JsonObject dataObject
            && (dataObject["customer"]?.GetValue<string>() == customerId
                || (dataObject["payment_intent"]?.GetValue<string>() is { } paymentIntent && payments.Contains(paymentIntent)))).ToList();
    }

    public FakePrice AddPrice(long unitAmount, string? id = null)
    {
        lock (_gate)
        {
            var price = new FakePrice { Id = id ?? NewId("price"), UnitAmount = unitAmount, Created = Now };
            _prices[price.Id] = price;
            return price;
        }
    }

    public IReadOnlyList<FakeCustomer> Customers
    {
        get
        {
            lock (_gate)
            {
                return [.. _customers.Values];
            }
        }
    }

    public FakeSubscription Subscription(string id)
    {
        lock (_gate)
        {
            return _subscriptions.GetValueOrDefault(id) ?? throw StripeError.Missing("subscription", id);
        }
    }

    public IReadOnlyList<FakeSubscription> SubscriptionsOf(string customerId)
    {
        lock (_gate)
        {
            return _subscriptions.Values.Where(s => s.CustomerId == customerId).OrderBy(s => s.Created).ToList();
        }
    }

    public FakeSchedule Schedule(string id)
    {
        lock (_gate)
        {
            return _schedules.GetValueOrDefault(id) ?? throw StripeError.Missing("subscription_schedule", id);
        }
    }

    public FakeCheckoutSession Session(string id)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(id) ?? throw StripeError.Missing("checkout.session", id);
        }
    }

    /// <summary>The next <paramref name="times"/> requests matching method and path prefix fail with <paramref name="status"/>.</summary>
    public void FailNext(string method, string pathPrefix, int times = 1, int status = 400)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(method, pathPrefix, times, status));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    internal StripeError? TakeFault(string method, string path)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Method.Equals(method, StringComparison.OrdinalIgnoreCase)
                && path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (fault is null)
            {
                return null;
            }

            fault.Remaining--;
            return new StripeError(fault.Status, fault.Status >= 500 ? "api_error" : "invalid_request_error", "Injected failure (fake Stripe).");
        }
    }

    internal void Record(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    private static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>Appends the event under the lock; callers raise <see cref="EventEmitted"/> via <see cref="Flush"/> after releasing it.</summary>
    private void Emit(string type, JsonObject dataObject, List<JsonObject> emitted)
    {
        var stripeEvent = new JsonObject
        {
            ["id"] = NewId("evt"), ["object"] = "event", ["api_version"] = ApiVersion, ["created"] = Now.ToUnixTimeSeconds(),
            ["type"] = type, ["livemode"] = false, ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new JsonObject { ["object"] = dataObject.DeepClone() },
        };
        _events.Add(stripeEvent);
        emitted.Add((JsonObject)stripeEvent.DeepClone());
    }

    private void Flush(List<JsonObject> emitted)
    {
        foreach (var stripeEvent in emitted)
        {
            EventEmitted?.Invoke(stripeEvent);
        }
    }

    private FakePrice PriceOf(FakeSubscription subscription) =>
        _prices.GetValueOrDefault(subscription.PriceId) ?? throw StripeError.Missing("price", subscription.PriceId);

    private JsonObject Render(FakeSubscription subscription) => subscription.Render(PriceOf(subscription));
}
