using System.Net;
using System.Text.Json.Nodes;
using Copilot.Billing.IntegrationTests.Support;
using Copilot.FakeStripe;

namespace Copilot.Billing.IntegrationTests;

/// <summary><c>POST /api/credits/stripe_webhook</c>: Stripe's signature scheme verified by Stripe.net, and the envelope checks.</summary>
[Collection(BillingCollection.Name)]
public sealed class StripeWebhookTests(BillingFixture fixture)
{
    private static readonly JsonObject Harmless = BillingAdmin.Event("customer.created", new JsonObject { ["id"] = "cus_x", ["object"] = "customer" });

    private StripeWebhookSender Webhooks => fixture.Billing.Webhooks;

    [Fact]
    public async Task A_correctly_signed_event_is_acknowledged_without_a_token()
    {
        using var response = await Webhooks.SendAsync(Harmless.DeepClone().AsObject());
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_missing_signature_is_rejected()
    {
        using var response = await Webhooks.SendRawAsync(Harmless.ToJsonString(), signatureHeader: null);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "Invalid signature");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("t=abc,v1=def")]
    [InlineData("v1=00")]
    [InlineData("t=1,v1=")]
    public async Task A_malformed_signature_header_is_rejected(string header)
    {
        using var response = await Webhooks.SendRawAsync(Harmless.ToJsonString(), header);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "Invalid signature");
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_rejected()
    {
        var payload = Harmless.ToJsonString();
        using var response = await Webhooks.SendRawAsync(payload, StripeWebhookSigner.Sign(payload, "whsec_someone_else", DateTimeOffset.UtcNow));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "Invalid signature");
    }

    [Fact]
    public async Task A_payload_changed_after_signing_is_rejected()
    {
        var payload = Harmless.ToJsonString();
        var header = Webhooks.Sign(payload, DateTimeOffset.UtcNow);
        using var response = await Webhooks.SendRawAsync(payload.Replace("cus_x", "cus_y"), header);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "Invalid signature");
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_signature_outside_the_five_minute_tolerance_is_rejected(int offsetSeconds)
    {
        using var response = await Webhooks.SendAsync(Harmless.DeepClone().AsObject(), DateTimeOffset.UtcNow.AddSeconds(offsetSeconds));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "Invalid signature");
    }

    [Fact]
    public async Task A_signature_within_the_tolerance_is_accepted()
    {
        using var response = await Webhooks.SendAsync(Harmless.DeepClone().AsObject(), DateTimeOffset.UtcNow.AddSeconds(-240));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"id\":")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"customer.created\",\"data\":{\"object\":{}}}")]
    public async Task A_correctly_signed_payload_that_is_not_an_event_is_rejected(string payload)
    {
        using var response = await Webhooks.SendRawAsync(payload, Webhooks.Sign(payload, DateTimeOffset.UtcNow));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "Invalid payload");
    }

    [Theory]
    [InlineData("{\"id\":\"evt_no_data\",\"type\":\"customer.subscription.updated\"}")]
    [InlineData("{\"id\":\"evt_string_object\",\"type\":\"customer.subscription.updated\",\"data\":{\"object\":\"sub_1\"}}")]
    [InlineData("{\"id\":\"evt_null_object\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":null}}")]
    public async Task An_event_with_a_malformed_data_object_is_acknowledged_so_Stripe_stops_retrying(string payload)
    {
        using var response = await Webhooks.SendRawAsync(payload, Webhooks.Sign(payload, DateTimeOffset.UtcNow));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_checkout_event_without_a_session_id_is_acknowledged_and_ignored()
    {
        var stripeEvent = BillingAdmin.Event("checkout.session.completed", new JsonObject { ["object"] = "checkout.session" });
        using var response = await Webhooks.SendAsync(stripeEvent);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await fixture.Billing.WaitUntilProcessedAsync([stripeEvent["id"]!.GetValue<string>()]);
    }

    [Fact]
    public async Task An_unknown_event_type_is_acknowledged_and_ignored()
    {
        var stripeEvent = BillingAdmin.Event("payout.paid", new JsonObject { ["id"] = "po_1", ["object"] = "payout" });
        using var response = await Webhooks.SendAsync(stripeEvent);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await fixture.Billing.WaitUntilProcessedAsync([stripeEvent["id"]!.GetValue<string>()]);
    }
}
