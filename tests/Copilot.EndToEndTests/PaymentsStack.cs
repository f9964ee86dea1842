using Copilot.FakeStripe;
using Copilot.Testing;

namespace Copilot.EndToEndTests;

/// <summary>A stack whose billing takes payments, against the fake Stripe.</summary>
internal static class PaymentsStack
{
    public static CopilotStackOptions Options(FakeStripeServer stripe, string webhookSecret)
    {
        var options = new CopilotStackOptions { WithGateway = true, WithBilling = true };
        options.Environment["Billing__StripeSecretKey"] = FakeStripeServer.ApiKey;
        options.Environment["Billing__StripeApiBase"] = stripe.BaseAddress.ToString();
        options.Environment["Billing__StripeWebhookSecret"] = webhookSecret;
        options.Environment["Billing__EnablePlatformPayment"] = "true";
        options.Environment["Billing__FrontendBaseUrl"] = "https://app.example.test";
        options.Environment["Billing__ProPriceId"] = stripe.State.AddPrice(2_000).Id;
        options.Environment["Billing__BusinessPriceId"] = stripe.State.AddPrice(10_000).Id;
        return options;
    }
}
