using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.Contracts;

namespace Copilot.Billing.IntegrationTests;

/// <summary>The "done when" flows end to end, with the published tier changes that drive the usage limits.</summary>
[Collection(BillingCollection.Name)]
public sealed class SubscriptionLifecycleTests(BillingFixture fixture)
{
    [Fact]
    public async Task Free_to_pro_to_business_then_scheduled_back_to_pro_then_free_at_period_end()
    {
        using var user = fixture.NewUser();

        // FREE → PRO through Checkout and its webhooks.
        var subscriptionId = await user.SubscribeAsync("PRO");

        // PRO → BUSINESS applies now.
        (await user.ChangeTierAsync("BUSINESS")).GetProperty("tier").GetString().Should().Be("BUSINESS");

        // BUSINESS → PRO waits for the period end; "keep BUSINESS" cancels it; asking again schedules it again.
        (await user.ChangeTierAsync("PRO")).GetProperty("tier").GetString().Should().Be("BUSINESS");
        (await user.ChangeTierAsync("BUSINESS")).GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
        (await user.ChangeTierAsync("PRO")).GetProperty("pending_tier").GetString().Should().Be("PRO");
        await user.DeliverNewEventsAsync();
        (await user.TierAsync()).Should().Be("BUSINESS", "the webhooks of our own changes do not apply the downgrade early");

        user.Stripe.AdvanceToPeriodEnd(subscriptionId);
        await user.DeliverNewEventsAsync();
        await user.WaitForTierAsync("PRO");
        (await user.StatusAsync()).GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);

        // PRO → FREE keeps PRO until the period ends.
        (await user.ChangeTierAsync("FREE")).GetProperty("tier").GetString().Should().Be("PRO");
        await user.DeliverNewEventsAsync();
        (await user.TierAsync()).Should().Be("PRO");
        user.Stripe.AdvanceToPeriodEnd(subscriptionId);
        await user.DeliverNewEventsAsync();
        await user.WaitForTierAsync("FREE");

        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Pro, SubscriptionTier.Business, SubscriptionTier.Pro, SubscriptionTier.Free))
            .Should().Equal(SubscriptionTier.Pro, SubscriptionTier.Business, SubscriptionTier.Pro, SubscriptionTier.Free);
    }

    [Fact]
    public async Task A_new_checkout_after_cancellation_subscribes_again()
    {
        using var user = fixture.NewUser();
        var first = await user.SubscribeAsync("PRO");
        await user.ChangeTierAsync("FREE");
        user.Stripe.AdvanceToPeriodEnd(first);
        await user.DeliverNewEventsAsync();
        await user.WaitForTierAsync("FREE");

        var second = await user.SubscribeAsync("BUSINESS");

        second.Should().NotBe(first);
        (await user.StatusAsync()).GetProperty("monthly_cost").GetInt64().Should().Be(BillingFixture.BusinessCents);
    }
}
