using System.Text.Json.Nodes;
using Copilot.Billing.IntegrationTests.Support;

namespace Copilot.Billing.IntegrationTests;

/// <summary>Webhooks arrive late, twice, or out of order; every delivery order must end at the tier in-order delivery gives.</summary>
[Collection(BillingCollection.Name)]
public sealed class WebhookConvergenceTests(BillingFixture fixture)
{
    public enum Delivery
    {
        InOrder,
        Reversed,
        ShuffledWithDuplicates,
    }

    [Theory]
    [InlineData(Delivery.InOrder)]
    [InlineData(Delivery.Reversed)]
    [InlineData(Delivery.ShuffledWithDuplicates)]
    public async Task A_cancelled_plan_followed_by_a_new_one_ends_on_the_new_plan(Delivery delivery)
    {
        using var user = fixture.NewUser();
        var customerId = await BillingAdmin.EnsureCustomerAsync(user);
        var first = user.Stripe.CreateSubscription(customerId, fixture.ProPriceId);
        BillingAdmin.ChangePriceInStripe(user.Stripe, first.Id, fixture.BusinessPriceId);
        user.Stripe.CancelSubscription(first.Id);
        user.Stripe.CreateSubscription(customerId, fixture.ProPriceId);

        await user.DeliverAsync(Order(user.TakeNewEvents(), delivery));

        (await user.TierAsync()).Should().Be("PRO");
    }

    [Theory]
    [InlineData(Delivery.InOrder)]
    [InlineData(Delivery.Reversed)]
    [InlineData(Delivery.ShuffledWithDuplicates)]
    public async Task A_scheduled_downgrade_then_a_cancellation_ends_free(Delivery delivery)
    {
        using var user = fixture.NewUser();
        var subscriptionId = await user.SubscribeAsync("BUSINESS");
        await user.ChangeTierAsync("PRO");
        user.Stripe.AdvanceToPeriodEnd(subscriptionId);
        await user.ChangeTierAsync("FREE");
        user.Stripe.AdvanceToPeriodEnd(subscriptionId);

        await user.DeliverAsync(Order(user.TakeNewEvents(), delivery));

        (await user.TierAsync()).Should().Be("FREE");
    }

    private static IEnumerable<JsonObject> Order(IReadOnlyList<JsonObject> events, Delivery delivery) => delivery switch
    {
        Delivery.InOrder => events,
        Delivery.Reversed => events.Reverse(),
        _ => events.Concat(events.Take(events.Count / 2)).OrderBy(_ => Random.Shared.Next()).ToList(),
    };
}
