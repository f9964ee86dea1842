using System.Net.Http.Json;
using System.Text.Json;
using Copilot.FakeStripe;
using Copilot.Testing;

namespace Copilot.EndToEndTests;

/// <summary>
/// A subscription as a user buys it through the gateway, against the fake Stripe: Checkout, the signed webhook through
/// the gateway's anonymous route, and the usage limits following the new tier.
/// </summary>
// Shares the collection only to run one platform stack at a time: several at once starve a 2-core machine.
[Collection(GatewayStackCollection.Name)]
public sealed class SubscriptionThroughGatewayTests : IAsyncLifetime
{
    private const string WebhookSecret = "whsec_end_to_end";
    private const long BaseDailyLimit = 1_000;
    private FakeStripeServer _stripe = null!;
    private CopilotStack _stack = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        var options = new CopilotStackOptions { WithGateway = true, WithBilling = true };
        options.Environment["Usage__DailyCostLimitMicrodollars"] = BaseDailyLimit.ToString();
        options.Environment["Billing__StripeSecretKey"] = FakeStripeServer.ApiKey;
        options.Environment["Billing__StripeApiBase"] = _stripe.BaseAddress.ToString();
        options.Environment["Billing__StripeWebhookSecret"] = WebhookSecret;
        options.Environment["Billing__EnablePlatformPayment"] = "true";
        options.Environment["Billing__FrontendBaseUrl"] = "https://app.example.test";
        options.Environment["Billing__ProPriceId"] = _stripe.State.AddPrice(2_000).Id;
        options.Environment["Billing__BusinessPriceId"] = _stripe.State.AddPrice(10_000).Id;
        _stack = await CopilotStack.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task Free_to_pro_via_checkout_and_webhook_raises_the_usage_limit()
    {
        var userId = $"buyer-{Guid.NewGuid():N}";
        using var user = _stack.CreateClient(userId);
        using var admin = _stack.CreateClient($"admin-{Guid.NewGuid():N}", "admin");
        var webhooks = new StripeWebhookSender(new HttpClient(), new Uri(_stack.Gateway!.BaseAddress, "api/credits/stripe_webhook"), WebhookSecret);

        var started = await user.PostAsJsonAsync("/api/credits/subscription", new
        {
            tier = "PRO",
            success_url = "https://app.example.test/subscription?ok=1",
            cancel_url = "https://app.example.test/subscription",
        });
        started.EnsureSuccessStatusCode();
        var checkoutUrl = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();
        checkoutUrl.Should().NotBeNullOrEmpty("FREE → paid goes through Stripe Checkout");
        (await LimitAsync(admin, userId)).Should().Be(BaseDailyLimit, "nothing changes before payment");

        _stripe.State.CompleteCheckout(checkoutUrl!.Split('/')[^1]);
        foreach (var stripeEvent in _stripe.State.Events)
        {
            (await webhooks.SendAsync(stripeEvent)).EnsureSuccessStatusCode();
        }

        await Eventually(async () => (await user.GetFromJsonAsync<JsonElement>("/api/credits/subscription")).GetProperty("tier").GetString() == "PRO");
        await Eventually(async () => await LimitAsync(admin, userId) == BaseDailyLimit * 5);
        (await user.GetFromJsonAsync<JsonElement>("/api/usage")).GetProperty("tier").GetString().Should().Be("PRO");
    }

    private static async Task<long> LimitAsync(HttpClient admin, string userId) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/copilot/admin/rate_limit?user_id={userId}"))
            .GetProperty("daily_cost_limit_microdollars").GetInt64();

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the change should arrive within 30 s");
            await Task.Delay(200);
        }
    }
}
