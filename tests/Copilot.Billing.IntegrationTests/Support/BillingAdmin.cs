using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Copilot.FakeStripe;

namespace Copilot.Billing.IntegrationTests.Support;

/// <summary>Admin calls and Stripe-side shortcuts shared by the tests.</summary>
public static class BillingAdmin
{
    public static async Task SetTierAsync(BillingHost host, string userId, string tier)
    {
        using var admin = host.CreateClient("admin-tests", "admin");
        using var response = await admin.PostAsJsonAsync("/api/credits/admin/tier", new { user_id = userId, tier });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task GrantAsync(BillingHost host, string userId, long amountCents)
    {
        using var admin = host.CreateClient("admin-tests", "admin");
        using var response = await admin.PostAsJsonAsync("/api/credits/admin/grant", new { user_id = userId, amount_cents = amountCents, reason = "test" });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Gives the user a Stripe customer by starting (and abandoning) a checkout.</summary>
    public static async Task<string> EnsureCustomerAsync(BillingUser user)
    {
        using var response = await user.RequestTierAsync("PRO");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return user.CustomerId!;
    }

    /// <summary>A price change made on Stripe's side (e.g. in the dashboard).</summary>
    public static void ChangePriceInStripe(FakeStripeState stripe, string subscriptionId, string priceId) =>
        stripe.UpdateSubscription(subscriptionId, FormTree.Parse(
        [
            KeyValuePair.Create("items[0][id]", stripe.Subscription(subscriptionId).ItemId),
            KeyValuePair.Create("items[0][price]", priceId),
        ]));

    /// <summary>A hand-made event (for types the fake does not emit on its own).</summary>
    public static JsonObject Event(string type, JsonObject dataObject) => new()
    {
        ["id"] = $"evt_{Guid.NewGuid():N}", ["object"] = "event", ["type"] = type, ["api_version"] = "2026-10-28.endive",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["data"] = new JsonObject { ["object"] = dataObject },
    };
}
