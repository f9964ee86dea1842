using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;

namespace Copilot.Billing.IntegrationTests;

/// <summary>The decision-tree branches that depend on configuration rather than on the user's state.</summary>
[Collection(VariantsCollection.Name)]
public sealed class ConfigurationVariantTests(VariantsFixture fixture)
{
    [Fact]
    public async Task With_payment_disabled_a_paid_tier_is_not_available()
    {
        using var user = fixture.NewUser(fixture.PaymentDisabled);

        using var response = await user.RequestTierAsync("PRO");

        await Problem.AssertAsync(response, (HttpStatusCode)422, "Subscription not available for tier PRO");
    }

    [Fact]
    public async Task With_payment_disabled_the_status_offers_free_only_and_says_payments_are_off()
    {
        using var user = fixture.NewUser(fixture.PaymentDisabled);

        var status = await user.StatusAsync();
        var credits = await user.Http.GetFromJsonAsync<JsonElement>("/api/credits");

        status.GetProperty("payments_enabled").GetBoolean().Should().BeFalse();
        status.GetProperty("available_tiers").Deserialize<string[]>().Should().Equal("FREE");
        credits.GetProperty("top_ups_enabled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task With_payment_disabled_free_is_set_directly()
    {
        using var user = fixture.NewUser(fixture.PaymentDisabled);
        await BillingAdmin.SetTierAsync(fixture.PaymentDisabled, user.UserId, "BUSINESS");

        var status = await user.ChangeTierAsync("FREE");

        status.GetProperty("tier").GetString().Should().Be("FREE");
        user.CustomerId.Should().BeNull("no Stripe call is made");
    }

    [Fact]
    public async Task With_payment_disabled_top_ups_are_not_available()
    {
        using var user = fixture.NewUser(fixture.PaymentDisabled);
        using var response = await user.Http.PostAsJsonAsync("/api/credits", new { credit_amount = 1000 });
        await Problem.AssertAsync(response, (HttpStatusCode)422, "Credit top-ups are not available");
    }

    [Fact]
    public async Task Without_a_webhook_secret_every_webhook_is_refused()
    {
        var sender = new Copilot.FakeStripe.StripeWebhookSender(new HttpClient(),
            new Uri(fixture.PaymentDisabled.Process.BaseAddress, "api/credits/stripe_webhook"), "");
        var payload = "{\"id\":\"evt_1\",\"type\":\"customer.created\",\"data\":{\"object\":{}}}";

        using var response = await sender.SendRawAsync(payload, sender.Sign(payload, DateTimeOffset.UtcNow));

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable, "Webhook not configured");
    }

    [Fact]
    public async Task Without_a_frontend_origin_checkout_is_refused_as_a_server_misconfiguration()
    {
        using var user = fixture.NewUser(fixture.NoFrontendOrigin);

        using var response = await user.RequestTierAsync("PRO");

        await Problem.AssertAsync(response, HttpStatusCode.ServiceUnavailable,
            "Payment redirect URLs cannot be validated: frontend_base_url or platform_base_url must be set on the server.");
    }

    [Fact]
    public async Task Checkout_for_a_tier_without_a_price_is_unavailable()
    {
        using var user = fixture.NewUser(fixture.MissingBusinessPrice);

        using var response = await user.RequestTierAsync("BUSINESS");

        await Problem.AssertAsync(response, (HttpStatusCode)422, "Subscription not available for tier BUSINESS");
    }

    [Fact]
    public async Task Changing_to_a_paid_tier_without_a_price_is_unavailable()
    {
        using var user = fixture.NewUser(fixture.MissingBusinessPrice);
        await BillingAdmin.SetTierAsync(fixture.MissingBusinessPrice, user.UserId, "PRO");

        using var response = await user.RequestTierAsync("BUSINESS");

        await Problem.AssertAsync(response, (HttpStatusCode)422, "Subscription not available for tier BUSINESS");
    }

    [Fact]
    public async Task A_failed_price_lookup_shows_zero_and_is_retried_while_a_successful_one_is_cached()
    {
        using var user = fixture.NewUser(fixture.MissingBusinessPrice);
        fixture.Stripe.State.FailNext("GET", $"/v1/prices/{fixture.ColdProPriceId}");

        var failed = await user.StatusAsync();
        var retried = await user.StatusAsync();
        fixture.Stripe.State.FailNext("GET", $"/v1/prices/{fixture.ColdProPriceId}");
        var cached = await user.StatusAsync();
        fixture.Stripe.State.ClearFaults();

        Costs(failed)["PRO"].Should().Be(0);
        Costs(retried)["PRO"].Should().Be(BillingFixture.ProCents);
        Costs(cached)["PRO"].Should().Be(BillingFixture.ProCents);
        Costs(retried)["BUSINESS"].Should().Be(0, "a tier without a price costs nothing to display");

        // A plan whose price is unknown, for now or for good, is never offered.
        Available(failed).Should().Equal("FREE");
        Available(retried).Should().Equal("FREE", "PRO");
        retried.GetProperty("payments_enabled").GetBoolean().Should().BeTrue();
    }

    private static Dictionary<string, long> Costs(JsonElement status) => status.GetProperty("tier_costs").Deserialize<Dictionary<string, long>>()!;

    private static string[] Available(JsonElement status) => status.GetProperty("available_tiers").Deserialize<string[]>()!;
}
