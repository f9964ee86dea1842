using System.Text.Json;
using System.Text.Json.Nodes;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.Contracts;

namespace Copilot.Billing.IntegrationTests;

/// <summary>The webhook dispatch table (seed-digest part1 §5.5), each event type driven from the fake Stripe's side.</summary>
[Collection(BillingCollection.Name)]
public sealed class WebhookEventTests(BillingFixture fixture)
{
    [Fact]
    public async Task Subscription_created_in_Stripe_sets_the_tier_and_publishes_it()
    {
        using var user = fixture.NewUser();
        var customerId = await BillingAdmin.EnsureCustomerAsync(user);

        user.Stripe.CreateSubscription(customerId, fixture.BusinessPriceId);
        await user.DeliverNewEventsAsync();

        (await user.TierAsync()).Should().Be("BUSINESS");
        (await fixture.TierChanges.WaitForAsync(user.UserId, SubscriptionTier.Business)).Should().Equal(SubscriptionTier.Business);
    }

    [Fact]
    public async Task Subscription_updated_in_Stripe_follows_the_new_price()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");

        BillingAdmin.ChangePriceInStripe(user.Stripe, subscriptionId, fixture.ProPriceId);
        await user.DeliverNewEventsAsync();

        (await user.TierAsync()).Should().Be("PRO");
    }

    [Fact]
    public async Task Subscription_deleted_returns_the_user_to_free()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");

        user.Stripe.CancelSubscription(subscriptionId);
        await user.DeliverNewEventsAsync();

        (await user.TierAsync()).Should().Be("FREE");
    }

    [Fact]
    public async Task An_old_subscription_deleted_event_does_not_undo_a_newer_active_subscription()
    {
        using var user = fixture.NewUser();
        var old = await user.SubscribeAsync("PRO");
        user.Stripe.CancelSubscription(old);
        var deleted = user.TakeNewEvents();
        user.Stripe.CreateSubscription(user.CustomerId!, fixture.BusinessPriceId);
        var created = user.TakeNewEvents();

        await user.DeliverAsync(created.Concat(deleted));

        (await user.TierAsync()).Should().Be("BUSINESS");
    }

    [Fact]
    public async Task Subscription_schedule_released_clears_the_pending_downgrade()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");
        await user.ChangeTierAsync("PRO");
        user.TakeNewEvents();

        user.Stripe.ReleaseSchedule(user.Stripe.Subscription(subscriptionId).ScheduleId!);
        await user.DeliverAsync(user.TakeNewEvents().Where(e => Type(e) == "subscription_schedule.released"));

        var status = await user.StatusAsync();
        status.GetProperty("tier").GetString().Should().Be("BUSINESS");
        status.GetProperty("pending_tier").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Subscription_schedule_completed_converges_on_the_subscription_it_ended()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");
        await user.ChangeTierAsync("PRO");
        var scheduleId = user.Stripe.Subscription(subscriptionId).ScheduleId!;
        user.Stripe.UpdateSchedule(scheduleId, Copilot.FakeStripe.FormTree.Parse([KeyValuePair.Create("end_behavior", "cancel")]));
        user.TakeNewEvents();

        user.Stripe.AdvanceToPeriodEnd(subscriptionId);
        await user.DeliverAsync(user.TakeNewEvents().Where(e => Type(e) == "subscription_schedule.completed"));

        (await user.TierAsync()).Should().Be("FREE");
    }

    [Fact]
    public async Task Subscription_schedule_updated_is_deliberately_ignored()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        user.Stripe.CancelSubscription(subscriptionId);
        var deleted = user.TakeNewEvents();

        await user.DeliverAsync([BillingAdmin.Event("subscription_schedule.updated", new JsonObject
        {
            ["id"] = "sub_sched_echo", ["object"] = "subscription_schedule", ["customer"] = user.CustomerId,
        })]);
        (await user.TierAsync()).Should().Be("PRO", "the event is not a reason to re-sync");

        await user.DeliverAsync(deleted);
        (await user.TierAsync()).Should().Be("FREE");
    }

    [Fact]
    public async Task Invoice_payment_failed_removes_access_while_the_subscription_is_past_due()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");

        user.Stripe.FailRenewal(subscriptionId);
        await user.DeliverAsync(user.TakeNewEvents().Where(e => Type(e) == "invoice.payment_failed"));

        (await user.TierAsync()).Should().Be("FREE");
    }

    [Fact]
    public async Task An_enterprise_tier_is_never_overwritten_by_a_webhook()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        await BillingAdmin.SetTierAsync(fixture.Billing, user.UserId, "ENTERPRISE");

        BillingAdmin.ChangePriceInStripe(user.Stripe, subscriptionId, fixture.BusinessPriceId);
        user.Stripe.CancelSubscription(subscriptionId);
        await user.DeliverNewEventsAsync();

        (await user.TierAsync()).Should().Be("ENTERPRISE");
    }

    [Fact]
    public async Task A_subscription_with_an_unknown_price_leaves_the_tier_unchanged()
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("PRO");
        var unknown = user.Stripe.AddPrice(999).Id;

        BillingAdmin.ChangePriceInStripe(user.Stripe, subscriptionId, unknown);
        await user.DeliverNewEventsAsync();

        (await user.TierAsync()).Should().Be("PRO");
    }

    [Fact]
    public async Task A_newer_subscription_replaces_an_older_one_which_is_cancelled_to_avoid_double_billing()
    {
        using var user = fixture.NewUser();
        var older = await user.SubscribeAsync("PRO");

        var newer = user.Stripe.CreateSubscription(user.CustomerId!, fixture.BusinessPriceId);
        await user.DeliverNewEventsAsync();

        (await user.TierAsync()).Should().Be("BUSINESS");
        user.Stripe.Subscription(older).Status.Should().Be("canceled");
        user.Stripe.Subscription(newer.Id).Status.Should().Be("active");
    }

    private static string Type(JsonObject stripeEvent) => stripeEvent["type"]!.GetValue<string>();
}
