using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;

namespace Copilot.Billing.IntegrationTests;

/// <summary><c>GET /api/credits/subscription</c> (seed-digest part1 §5.3).</summary>
[Collection(BillingCollection.Name)]
public sealed class SubscriptionStatusTests(BillingFixture fixture)
{
    [Fact]
    public async Task A_new_user_is_free_with_every_tier_cost_in_cents()
    {
        using var user = fixture.NewUser();

        var status = await user.StatusAsync();

        status.GetProperty("tier").GetString().Should().Be("FREE");
        status.GetProperty("monthly_cost").GetInt64().Should().Be(0);
        status.GetProperty("proration_credit_cents").GetInt64().Should().Be(0);
        status.GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
        status.GetProperty("pending_tier_effective_at").ValueKind.Should().Be(JsonValueKind.Null);
        status.GetProperty("url").GetString().Should().BeEmpty();
        status.GetProperty("tier_costs").Deserialize<Dictionary<string, long>>().Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["FREE"] = 0, ["PRO"] = BillingFixture.ProCents, ["BUSINESS"] = BillingFixture.BusinessCents, ["ENTERPRISE"] = 0,
        });
    }

    [Fact]
    public async Task Price_lookups_are_cached_between_reads()
    {
        using var user = fixture.NewUser();
        await user.StatusAsync();
        var before = PriceReads();

        for (var i = 0; i < 3; i++)
        {
            await user.StatusAsync();
        }

        PriceReads().Should().Be(before);
    }

    [Fact]
    public async Task A_subscriber_sees_the_cost_of_their_tier_and_the_unused_part_as_proration_credit()
    {
        using var user = fixture.NewUser();
        await user.SubscribeAsync("PRO");

        var status = await user.StatusAsync();

        status.GetProperty("monthly_cost").GetInt64().Should().Be(BillingFixture.ProCents);
        status.GetProperty("proration_credit_cents").GetInt64().Should().BeInRange(BillingFixture.ProCents - 5, BillingFixture.ProCents,
            "the period has only just started");
    }

    [Fact]
    public async Task The_pending_change_lookup_is_cached_and_a_Stripe_failure_falls_back_to_the_last_known_change()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");
        await user.ChangeTierAsync("PRO");
        // The webhooks of that change re-sync the account, which drops the lookup the POST's answer cached.
        await user.DeliverNewEventsAsync();
        user.Stripe.FailNext("GET", $"/v1/subscriptions/{subscriptionId}");

        var degraded = await user.StatusAsync();
        var reads = SubscriptionReads(subscriptionId);
        var first = await user.StatusAsync();
        var cached = await user.StatusAsync();

        degraded.GetProperty("pending_tier").GetString().Should().Be("PRO", "a failed lookup never fails the request");
        first.GetProperty("pending_tier").GetString().Should().Be("PRO");
        cached.GetProperty("pending_tier_effective_at").GetDateTimeOffset().Should().Be(user.Stripe.Subscription(subscriptionId).CurrentPeriodEnd);
        SubscriptionReads(subscriptionId).Should().Be(reads + 1, "the failure was not cached, the success was");
    }

    [Fact]
    public async Task The_status_is_returned_in_snake_case()
    {
        using var user = fixture.NewUser();
        using var response = await user.Http.GetAsync("/api/credits/subscription");

        var names = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Select(p => p.Name);

        names.Should().BeEquivalentTo(
            "tier", "monthly_cost", "tier_costs", "proration_credit_cents", "pending_tier", "pending_tier_effective_at", "payments_enabled",
            "available_tiers", "url");
    }

    [Fact]
    public async Task With_payment_enabled_and_priced_tiers_every_self_service_tier_is_available()
    {
        using var user = fixture.NewUser();

        var status = await user.StatusAsync();

        status.GetProperty("payments_enabled").GetBoolean().Should().BeTrue();
        status.GetProperty("available_tiers").Deserialize<string[]>().Should().Equal("FREE", "PRO", "BUSINESS");
    }

    [Fact]
    public async Task The_balance_says_whether_credits_can_be_bought_and_within_which_amounts()
    {
        using var user = fixture.NewUser();

        var credits = await user.Http.GetFromJsonAsync<JsonElement>("/api/credits");

        credits.GetProperty("credits").GetInt64().Should().Be(0);
        credits.GetProperty("top_ups_enabled").GetBoolean().Should().BeTrue();
        credits.GetProperty("top_up_minimum_cents").GetInt64().Should().Be(500);
        credits.GetProperty("top_up_maximum_cents").GetInt64().Should().Be(100_000);
    }

    private int PriceReads() => fixture.Stripe.State.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith("/v1/prices/", StringComparison.Ordinal));

    private int SubscriptionReads(string subscriptionId) =>
        fixture.Stripe.State.Requests.Count(r => r.Method == "GET" && r.Path == $"/v1/subscriptions/{subscriptionId}");
}
