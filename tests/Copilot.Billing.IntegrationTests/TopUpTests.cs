using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Billing.IntegrationTests.Support;
using MassTransit;

namespace Copilot.Billing.IntegrationTests;

/// <summary>Credit top-ups through Stripe Checkout (payment mode), and the clawbacks of refunds and lost disputes.</summary>
[Collection(BillingCollection.Name)]
public sealed class TopUpTests(BillingFixture fixture)
{
    [Fact]
    public async Task A_paid_top_up_is_credited_once_even_when_its_webhook_is_delivered_twice()
    {
        using var user = fixture.NewUser();
        var session = await StartTopUpAsync(user, 1500);

        user.Stripe.CompleteCheckout(session);
        var events = user.TakeNewEvents();
        await user.DeliverAsync(events.Concat(events));

        (await user.BalanceAsync()).Should().Be(1500);
        var checkout = user.Stripe.Session(session);
        checkout.SuccessUrl.Should().StartWith(BillingHost.FrontendOrigin);
        checkout.PaymentIntentMetadata.Should().Contain("user_id", user.UserId);
    }

    [Fact]
    public async Task A_delayed_payment_is_credited_when_it_settles()
    {
        using var user = fixture.NewUser();
        var session = await StartTopUpAsync(user, 800);

        user.Stripe.CompleteCheckout(session, delayedPayment: true);
        await user.DeliverNewEventsAsync();
        (await user.BalanceAsync()).Should().Be(0);

        user.Stripe.SettleDelayedPayment(session);
        await user.DeliverNewEventsAsync();
        (await user.BalanceAsync()).Should().Be(800);
    }

    [Theory]
    [InlineData(499L)]
    [InlineData(100_001L)]
    [InlineData(null)]
    public async Task A_top_up_outside_the_limits_is_rejected(long? amount)
    {
        using var user = fixture.NewUser();
        using var response = await user.Http.PostAsJsonAsync("/api/credits", new { credit_amount = amount });
        await Problem.AssertAsync(response, (HttpStatusCode)422, "credit_amount must be between 500 and 100000 cents");
    }

    [Fact]
    public async Task A_refund_of_a_top_up_takes_its_credits_back_once()
    {
        using var user = fixture.NewUser();
        var paymentIntent = await PaidTopUpAsync(user, 1000);

        user.Stripe.Refund(paymentIntent, 400);
        var refund = user.TakeNewEvents();
        await user.DeliverAsync(refund.Concat(refund));

        (await user.BalanceAsync()).Should().Be(600);
    }

    [Fact]
    public async Task A_dispute_takes_credits_back_only_when_it_is_lost()
    {
        using var user = fixture.NewUser();
        var paymentIntent = await PaidTopUpAsync(user, 1000);
        var won = user.Stripe.OpenDispute(paymentIntent);
        await user.DeliverNewEventsAsync();
        (await user.BalanceAsync()).Should().Be(1000, "an open dispute may still be won");

        user.Stripe.CloseDispute(paymentIntent, won, "won");
        await user.DeliverNewEventsAsync();
        (await user.BalanceAsync()).Should().Be(1000);

        var lost = user.Stripe.OpenDispute(paymentIntent);
        user.Stripe.CloseDispute(paymentIntent, lost, "lost");
        await user.DeliverNewEventsAsync();
        (await user.BalanceAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_clawback_may_leave_a_debt_that_the_next_top_up_settles()
    {
        using var user = fixture.NewUser();
        var paymentIntent = await PaidTopUpAsync(user, 1000);
        var spend = fixture.Bus.CreateRequestClient<Copilot.Contracts.SpendCredits>();
        await spend.GetResponse<Copilot.Contracts.CreditsSpent, Copilot.Contracts.InsufficientCredits>(
            new Copilot.Contracts.SpendCredits(user.UserId, 700, "reset", "paid reset"));

        user.Stripe.Refund(paymentIntent);
        await user.DeliverNewEventsAsync();

        (await user.BalanceAsync()).Should().Be(-700);
    }

    private static async Task<string> StartTopUpAsync(BillingUser user, long amount)
    {
        using var response = await user.Http.PostAsJsonAsync("/api/credits", new { credit_amount = amount });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        return body.GetProperty("checkout_url").GetString()!.Split('/')[^1];
    }

    private static async Task<string> PaidTopUpAsync(BillingUser user, long amount)
    {
        var session = await StartTopUpAsync(user, amount);
        var paymentIntent = user.Stripe.CompleteCheckout(session).PaymentIntentId!;
        await user.DeliverNewEventsAsync();
        (await user.BalanceAsync()).Should().Be(amount);
        return paymentIntent;
    }
}
