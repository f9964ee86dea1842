using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.FakeStripe;
using Copilot.Testing;

namespace Copilot.Billing.IntegrationTests.Support;

/// <summary>A user of one billing process: an authenticated client, the user's Stripe objects, and webhook delivery.</summary>
public sealed class BillingUser(BillingFixture fixture, BillingHost host, string userId, string? email = null) : IDisposable
{
    private int _delivered;

    public string UserId { get; } = userId;

    public HttpClient Http { get; } = email is null ? host.CreateClient(userId) : host.CreateClientWithEmail(userId, email);

    public FakeStripeState Stripe => host.Stripe.State;

    public BillingHost Host => host;

    public BillingFixture Fixture => fixture;

    public string? CustomerId => Stripe.Customers.SingleOrDefault(c => c.Metadata.GetValueOrDefault("user_id") == UserId)?.Id;

    public async Task<JsonElement> StatusAsync()
    {
        using var response = await Http.GetAsync("/api/credits/subscription");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> TierAsync() => (await StatusAsync()).GetProperty("tier").GetString()!;

    public Task<HttpResponseMessage> RequestTierAsync(string tier, string? successUrl = null, string? cancelUrl = null) =>
        Http.PostAsJsonAsync("/api/credits/subscription", new
        {
            tier,
            success_url = successUrl ?? $"{BillingHost.FrontendOrigin}/profile/credits?subscription=success",
            cancel_url = cancelUrl ?? $"{BillingHost.FrontendOrigin}/profile/credits",
        });

    /// <summary>Posts the tier and expects 200, returning the status body.</summary>
    public async Task<JsonElement> ChangeTierAsync(string tier)
    {
        using var response = await RequestTierAsync(tier);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>FREE→paid through Checkout: start it, pay on the fake's page, deliver the webhooks, wait for the tier.</summary>
    public async Task<string> SubscribeAsync(string tier)
    {
        var status = await ChangeTierAsync(tier);
        var sessionId = status.GetProperty("url").GetString()!.Split('/')[^1];
        var session = Stripe.CompleteCheckout(sessionId);
        await DeliverNewEventsAsync();
        await WaitForTierAsync(tier);
        return session.SubscriptionId!;
    }

    /// <summary>Delivers, in order and signed, every event about this user's customer not delivered yet.</summary>
    public async Task<IReadOnlyList<JsonElement>> DeliverNewEventsAsync()
    {
        var events = CustomerId is { } customerId ? Stripe.EventsFor(customerId) : [];
        var fresh = events.Skip(_delivered).ToList();
        _delivered = events.Count;
        await DeliverAsync(fresh);
        return fresh.Select(e => JsonDocument.Parse(e.ToJsonString()).RootElement.Clone()).ToList();
    }

    /// <summary>Delivers <paramref name="events"/> in the given order (duplicates included) and waits until all are processed.</summary>
    public async Task DeliverAsync(IEnumerable<System.Text.Json.Nodes.JsonObject> events)
    {
        var ids = new List<string>();
        foreach (var stripeEvent in events)
        {
            using var response = await host.Webhooks.SendAsync(stripeEvent);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            ids.Add(stripeEvent["id"]!.GetValue<string>());
        }

        await host.WaitUntilProcessedAsync(ids);
    }

    /// <summary>Marks every event so far as delivered without sending it (a test that delivers them itself).</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonObject> TakeNewEvents()
    {
        var events = CustomerId is { } customerId ? Stripe.EventsFor(customerId) : [];
        var fresh = events.Skip(_delivered).ToList();
        _delivered = events.Count;
        return fresh;
    }

    public Task WaitForTierAsync(string tier) =>
        Eventually.TrueAsync(async () => await TierAsync() == tier, BillingHost.Patience, $"{UserId} to be {tier}");

    public async Task<long> BalanceAsync()
    {
        using var response = await Http.GetAsync("/api/credits");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credits").GetInt64();
    }

    public void Dispose() => Http.Dispose();
}
