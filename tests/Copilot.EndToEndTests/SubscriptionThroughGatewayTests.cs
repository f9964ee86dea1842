using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.FakeStripe;
using Copilot.Testing;
using Npgsql;

namespace Copilot.EndToEndTests;

/// <summary>
/// A subscription's whole life as a user goes through it via the gateway, against the fake Stripe: Checkout, an
/// immediate upgrade, a downgrade scheduled for the period end, a cancellation withdrawn with "keep my tier" and one
/// that ends the subscription at the period end, the signed webhooks through the gateway's anonymous route, and usage's
/// limits following only the changes that took effect.
/// </summary>
// Shares the collection only to run one platform stack at a time: several at once starve a 2-core machine.
[Collection(GatewayStackCollection.Name)]
public sealed class SubscriptionThroughGatewayTests : IAsyncLifetime
{
    private const string WebhookSecret = "whsec_end_to_end";
    private const long BaseDailyLimit = 1_000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private FakeStripeServer _stripe = null!;
    private CopilotStack _stack = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        var options = PaymentsStack.Options(_stripe, WebhookSecret);
        options.Environment["Usage__DailyCostLimitMicrodollars"] = BaseDailyLimit.ToString();
        _stack = await CopilotStack.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task A_subscription_lifecycle_moves_the_usage_limit_only_when_each_change_takes_effect()
    {
        var userId = $"buyer-{Guid.NewGuid():N}";
        using var user = _stack.CreateClient(userId);
        using var admin = _stack.CreateClient($"admin-{Guid.NewGuid():N}", "admin");
        var stripe = new UserWebhooks(_stripe.State, userId,
            new StripeWebhookSender(new HttpClient(), new Uri(_stack.Gateway!.BaseAddress, "api/credits/stripe_webhook"), WebhookSecret),
            _stack.BillingDatabase!);

        // FREE → PRO: Checkout, then the signed webhooks through the gateway's anonymous route.
        var checkoutUrl = (await ChangeTierAsync(user, "PRO")).GetProperty("url").GetString();
        checkoutUrl.Should().NotBeNullOrEmpty("FREE → paid goes through Stripe Checkout");
        (await LimitAsync(admin, userId)).Should().Be(BaseDailyLimit, "nothing changes before payment");
        var subscriptionId = _stripe.State.CompleteCheckout(checkoutUrl!.Split('/')[^1]).SubscriptionId!;
        await stripe.DeliverNewEventsAsync();
        await EffectiveAsync(user, admin, userId, "PRO", 5);
        (await user.GetFromJsonAsync<JsonElement>("/api/usage")).GetProperty("tier").GetString().Should().Be("PRO");

        // PRO → BUSINESS applies now, with proration.
        (await ChangeTierAsync(user, "BUSINESS")).GetProperty("tier").GetString().Should().Be("BUSINESS");
        await stripe.DeliverNewEventsAsync();
        await EffectiveAsync(user, admin, userId, "BUSINESS", 20);

        // BUSINESS → PRO waits for the period end.
        (await ChangeTierAsync(user, "PRO")).GetProperty("pending_tier").GetString().Should().Be("PRO");
        await stripe.DeliverNewEventsAsync();
        await StillAsync(user, admin, userId, "BUSINESS", 20);
        _stripe.State.AdvanceToPeriodEnd(subscriptionId);
        await stripe.DeliverNewEventsAsync();
        await EffectiveAsync(user, admin, userId, "PRO", 5);

        // PRO → FREE cancels at the period end; "keep my tier" withdraws that, so the period ends on PRO. (A cancellation
        // rather than another schedule: after the fake's period jump, billing's wall clock would read a new schedule's
        // current phase as still to come.)
        var cancelled = await ChangeTierAsync(user, "FREE");
        cancelled.GetProperty("tier").GetString().Should().Be("PRO");
        cancelled.GetProperty("pending_tier").GetString().Should().Be("FREE");
        await stripe.DeliverNewEventsAsync();
        await StillAsync(user, admin, userId, "PRO", 5);
        (await ChangeTierAsync(user, "PRO")).GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
        _stripe.State.AdvanceToPeriodEnd(subscriptionId);
        await stripe.DeliverNewEventsAsync();
        await StillAsync(user, admin, userId, "PRO", 5);

        // Cancelled again, the subscription ends at the period end: FREE.
        (await ChangeTierAsync(user, "FREE")).GetProperty("pending_tier").GetString().Should().Be("FREE");
        await stripe.DeliverNewEventsAsync();
        await StillAsync(user, admin, userId, "PRO", 5);
        _stripe.State.AdvanceToPeriodEnd(subscriptionId);
        await stripe.DeliverNewEventsAsync();
        await EffectiveAsync(user, admin, userId, "FREE", 1);
        (await user.GetFromJsonAsync<JsonElement>("/api/credits/subscription")).GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
    }

    private static async Task<JsonElement> ChangeTierAsync(HttpClient user, string tier)
    {
        using var response = await user.PostAsJsonAsync("/api/credits/subscription", new
        {
            tier,
            success_url = "https://app.example.test/subscription?ok=1",
            cancel_url = "https://app.example.test/subscription",
        });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The change took effect: billing shows the tier and usage's limit follows it.</summary>
    private static async Task EffectiveAsync(HttpClient user, HttpClient admin, string userId, string tier, long multiplier)
    {
        await Eventually.TrueAsync(async () => await TierAsync(user) == tier, Patience, $"billing to show {tier}");
        await Eventually.TrueAsync(async () => await LimitAsync(admin, userId) == BaseDailyLimit * multiplier, Patience, $"usage's limit to follow {tier}");
    }

    /// <summary>
    /// Nothing took effect: checked once billing processed every delivered webhook, and for as long as a wrongly applied
    /// change would take to be published and reach usage (a change that never happens announces nothing to wait for).
    /// </summary>
    private static Task StillAsync(HttpClient user, HttpClient admin, string userId, string tier, long multiplier) =>
        Consistently.HoldsAsync(async () =>
        {
            (await TierAsync(user)).Should().Be(tier);
            (await LimitAsync(admin, userId)).Should().Be(BaseDailyLimit * multiplier);
        }, TimeSpan.FromMilliseconds(500));

    private static async Task<string?> TierAsync(HttpClient user) =>
        (await user.GetFromJsonAsync<JsonElement>("/api/credits/subscription")).GetProperty("tier").GetString();

    private static async Task<long> LimitAsync(HttpClient admin, string userId) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit?user_id={userId}"))
            .GetProperty("daily_cost_limit_microdollars").GetInt64();

    /// <summary>Delivers, in order and signed, the fake Stripe's events about one user's customer, and waits until billing processed them.</summary>
    private sealed class UserWebhooks(FakeStripeState stripe, string userId, StripeWebhookSender sender, string billingDatabase)
    {
        private int _delivered;

        public async Task DeliverNewEventsAsync()
        {
            var customerId = stripe.Customers.Single(c => c.Metadata.GetValueOrDefault("user_id") == userId).Id;
            var events = stripe.EventsFor(customerId);
            var fresh = events.Skip(_delivered).ToList();
            _delivered = events.Count;
            foreach (var stripeEvent in fresh)
            {
                using var response = await sender.SendAsync(stripeEvent);
                response.EnsureSuccessStatusCode();
            }

            var ids = fresh.Select(e => e["id"]!.GetValue<string>()).Distinct().ToArray();
            await using var connection = new NpgsqlConnection(billingDatabase);
            await connection.OpenAsync();
            await Eventually.TrueAsync(async () =>
            {
                await using var command = new NpgsqlCommand("SELECT count(*) FROM stripe_events WHERE id = ANY(@ids) AND processed_at IS NOT NULL", connection);
                command.Parameters.AddWithValue("ids", ids);
                return (long)(await command.ExecuteScalarAsync())! == ids.Length;
            }, Patience, "billing to process the delivered webhooks");
        }
    }
}
