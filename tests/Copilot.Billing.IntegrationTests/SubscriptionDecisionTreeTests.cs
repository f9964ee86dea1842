using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.Contracts;

namespace Copilot.Billing.IntegrationTests;

/// <summary>Every branch of <c>POST /api/credits/subscription</c> with payment enabled (seed-digest part1 §5.4).</summary>
[Collection(BillingCollection.Name)]
public sealed class SubscriptionDecisionTreeTests(BillingFixture fixture)
{
    [Fact]
    public async Task Enterprise_user_cannot_change_their_own_tier()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "ENTERPRISE");

        foreach (var tier in new[] { "FREE", "PRO" })
        {
            using var response = await user.RequestTierAsync(tier);
            await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "ENTERPRISE subscription changes must be managed by an administrator");
        }
    }

    [Fact]
    public async Task Requesting_the_current_tier_with_nothing_pending_returns_the_status_without_Stripe()
    {
        using var user = fixture.NewUser();
        var status = await user.ChangeTierAsync("FREE");

        status.GetProperty("tier").GetString().Should().Be("FREE");
        status.GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
        status.GetProperty("url").GetString().Should().BeEmpty();
        user.CustomerId.Should().BeNull("keeping FREE needs no Stripe customer");
    }

    [Fact]
    public async Task Keeping_the_current_tier_releases_a_scheduled_downgrade()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");
        (await user.ChangeTierAsync("PRO")).GetProperty("pending_tier").GetString().Should().Be("PRO");
        var scheduleId = user.Stripe.Subscription(subscriptionId).ScheduleId!;

        var status = await user.ChangeTierAsync("BUSINESS");

        status.GetProperty("tier").GetString().Should().Be("BUSINESS");
        status.GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
        user.Stripe.Schedule(scheduleId).Status.Should().Be("released");
        user.Stripe.Subscription(subscriptionId).PriceId.Should().Be(fixture.BusinessPriceId);
        (await user.ChangeTierAsync("BUSINESS")).GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null, "keeping twice is harmless");
    }

    [Fact]
    public async Task Keeping_the_current_tier_undoes_a_cancellation_at_period_end()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        (await user.ChangeTierAsync("FREE")).GetProperty("pending_tier").GetString().Should().Be("FREE");

        var status = await user.ChangeTierAsync("PRO");

        status.GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
        user.Stripe.Subscription(subscriptionId).CancelAtPeriodEnd.Should().BeFalse();
    }

    [Fact]
    public async Task Keeping_the_current_tier_answers_502_with_a_generic_text_when_Stripe_fails()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        await user.ChangeTierAsync("FREE");
        user.Stripe.FailNext("POST", $"/v1/subscriptions/{subscriptionId}");

        using var response = await user.RequestTierAsync("PRO");

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway,
            "Unable to cancel the pending subscription change right now. Please try again or contact support.");
    }

    [Fact]
    public async Task Downgrading_to_free_cancels_at_period_end_and_keeps_the_paid_tier_until_then()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");

        var status = await user.ChangeTierAsync("FREE");

        var subscription = user.Stripe.Subscription(subscriptionId);
        subscription.CancelAtPeriodEnd.Should().BeTrue();
        status.GetProperty("tier").GetString().Should().Be("PRO");
        status.GetProperty("pending_tier").GetString().Should().Be("FREE");
        status.GetProperty("pending_tier_effective_at").GetDateTimeOffset().Should().Be(subscription.CurrentPeriodEnd);
        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Pro)).Should().Equal(SubscriptionTier.Pro);
    }

    [Fact]
    public async Task Downgrading_an_admin_granted_tier_to_free_applies_immediately()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "PRO");

        var status = await user.ChangeTierAsync("FREE");

        status.GetProperty("tier").GetString().Should().Be("FREE");
        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Pro, SubscriptionTier.Free))
            .Should().Equal(SubscriptionTier.Pro, SubscriptionTier.Free);
    }

    [Fact]
    public async Task Downgrading_to_free_answers_502_with_a_generic_text_when_Stripe_fails()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        user.Stripe.FailNext("POST", $"/v1/subscriptions/{subscriptionId}");

        using var response = await user.RequestTierAsync("FREE");

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "Unable to cancel your subscription right now. Please try again or contact support.");
        (await user.StatusAsync()).GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Upgrading_applies_immediately_with_proration()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");

        var status = await user.ChangeTierAsync("BUSINESS");

        status.GetProperty("tier").GetString().Should().Be("BUSINESS");
        status.GetProperty("monthly_cost").GetInt64().Should().Be(BillingFixture.BusinessCents);
        var subscription = user.Stripe.Subscription(subscriptionId);
        subscription.PriceId.Should().Be(fixture.BusinessPriceId);
        subscription.LastProrationBehavior.Should().Be("always_invoice");
        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Pro, SubscriptionTier.Business))
            .Should().Equal(SubscriptionTier.Pro, SubscriptionTier.Business);
    }

    [Fact]
    public async Task Upgrading_clears_a_pending_cancellation()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        await user.ChangeTierAsync("FREE");

        var status = await user.ChangeTierAsync("BUSINESS");

        status.GetProperty("tier").GetString().Should().Be("BUSINESS");
        status.GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
        user.Stripe.Subscription(subscriptionId).CancelAtPeriodEnd.Should().BeFalse();
    }

    [Fact]
    public async Task Downgrading_between_paid_tiers_schedules_the_change_for_the_period_end()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");

        var status = await user.ChangeTierAsync("PRO");

        var subscription = user.Stripe.Subscription(subscriptionId);
        status.GetProperty("tier").GetString().Should().Be("BUSINESS", "the paid-for tier lasts until the period ends");
        status.GetProperty("pending_tier").GetString().Should().Be("PRO");
        status.GetProperty("pending_tier_effective_at").GetDateTimeOffset().Should().Be(subscription.CurrentPeriodEnd);
        subscription.PriceId.Should().Be(fixture.BusinessPriceId);
        var schedule = user.Stripe.Schedule(subscription.ScheduleId!);
        schedule.EndBehavior.Should().Be("release");
        schedule.Phases.Select(p => p.PriceId).Should().Equal(fixture.BusinessPriceId, fixture.ProPriceId);
        schedule.Phases[0].EndDate.Should().Be(subscription.CurrentPeriodEnd);
        schedule.Phases[1].StartDate.Should().Be(subscription.CurrentPeriodEnd);
    }

    [Fact]
    public async Task Scheduling_a_downgrade_clears_a_pending_cancellation_first()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");
        await user.ChangeTierAsync("FREE");

        var status = await user.ChangeTierAsync("PRO");

        status.GetProperty("pending_tier").GetString().Should().Be("PRO");
        user.Stripe.Subscription(subscriptionId).CancelAtPeriodEnd.Should().BeFalse();
        user.Stripe.Subscription(subscriptionId).ScheduleId.Should().NotBeNull();
    }

    [Fact]
    public async Task Cancelling_replaces_a_scheduled_downgrade()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");
        await user.ChangeTierAsync("PRO");
        var scheduleId = user.Stripe.Subscription(subscriptionId).ScheduleId!;

        var status = await user.ChangeTierAsync("FREE");

        status.GetProperty("pending_tier").GetString().Should().Be("FREE");
        user.Stripe.Schedule(scheduleId).Status.Should().Be("released");
        user.Stripe.Subscription(subscriptionId).CancelAtPeriodEnd.Should().BeTrue();
    }

    [Fact]
    public async Task Changing_an_admin_granted_paid_tier_applies_directly()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "BUSINESS");

        var status = await user.ChangeTierAsync("PRO");

        status.GetProperty("tier").GetString().Should().Be("PRO");
        status.GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Changing_paid_tier_answers_502_with_a_generic_text_when_Stripe_fails()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        user.Stripe.FailNext("POST", $"/v1/subscriptions/{subscriptionId}");

        using var response = await user.RequestTierAsync("BUSINESS");

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "Unable to update your subscription right now. Please try again or contact support.");
        (await user.TierAsync()).Should().Be("PRO");
    }

    [Fact]
    public async Task Upgrading_from_free_starts_a_checkout_session_and_leaves_the_tier()
    {
        using var user = fixture.NewUser();
        var successUrl = $"{BillingHost.FrontendOrigin}/profile/credits?subscription=success";

        var status = await user.ChangeTierAsync("BUSINESS");

        status.GetProperty("tier").GetString().Should().Be("FREE");
        var url = status.GetProperty("url").GetString()!;
        url.Should().StartWith(fixture.Stripe.BaseAddress.ToString());
        var session = user.Stripe.Session(url.Split('/')[^1]);
        session.Mode.Should().Be("subscription");
        session.PriceId.Should().Be(fixture.BusinessPriceId);
        session.CustomerId.Should().Be(user.CustomerId);
        session.SuccessUrl.Should().Be(successUrl);
        session.SubscriptionMetadata.Should().Contain("user_id", user.UserId);
    }

    [Fact]
    public async Task Upgrading_from_free_requires_both_redirect_urls()
    {
        using var user = fixture.NewUser();

        using var response = await user.Http.PostAsJsonAsync("/api/credits/subscription", new { tier = "PRO", success_url = "" });

        await Problem.AssertAsync(response, (HttpStatusCode)422, "success_url and cancel_url are required for paid tier upgrades");
    }

    [Fact]
    public async Task Starting_checkout_answers_502_with_a_generic_text_when_Stripe_fails()
    {
        using var user = fixture.NewUser();
        await BillingAdmin.EnsureCustomerAsync(user);
        user.Stripe.FailNext("POST", "/v1/checkout/sessions");

        using var response = await user.RequestTierAsync("PRO");

        await Problem.AssertAsync(response, HttpStatusCode.BadGateway, "Unable to start checkout right now. Please try again or contact support.");
    }

    [Theory]
    [InlineData("ENTERPRISE")]
    [InlineData("pro")]
    [InlineData("GOLD")]
    [InlineData(null)]
    public async Task Requesting_a_tier_outside_FREE_PRO_BUSINESS_is_rejected(string? tier)
    {
        using var user = fixture.NewUser();

        using var response = await user.Http.PostAsJsonAsync("/api/credits/subscription", new { tier });

        await Problem.AssertAsync(response, (HttpStatusCode)422, "tier must be one of FREE, PRO, BUSINESS");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_and_no_token_is_a_401()
    {
        using var user = fixture.NewUser();
        using var malformed = await user.Http.PostAsync("/api/credits/subscription", new StringContent("{\"tier\":", Encoding.UTF8, "application/json"));
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var anonymous = fixture.Billing.CreateAnonymousClient();
        (await anonymous.GetAsync("/api/credits/subscription")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
