using Copilot.Billing.Credits;

namespace Copilot.Billing.Apis;

/// <summary>The seed's problem texts. Stripe's own messages never reach the client (they can leak ids and configuration).</summary>
internal static class ProblemTexts
{
    public const string EnterpriseManaged = "ENTERPRISE subscription changes must be managed by an administrator";
    public const string CancelPendingFailed = "Unable to cancel the pending subscription change right now. Please try again or contact support.";
    public const string CancelFailed = "Unable to cancel your subscription right now. Please try again or contact support.";
    public const string UpdateFailed = "Unable to update your subscription right now. Please try again or contact support.";
    public const string CheckoutFailed = "Unable to start checkout right now. Please try again or contact support.";
    public const string UrlsRequired = "success_url and cancel_url are required for paid tier upgrades";
    public const string RedirectNotConfigured =
        "Payment redirect URLs cannot be validated: frontend_base_url or platform_base_url must be set on the server.";
    public const string RedirectMismatch = "success_url and cancel_url must match the platform frontend origin";
    public const string TopUpFailed = "Unable to start the credit top-up right now. Please try again or contact support.";

    public static readonly string GrantAmountOutOfRange =
        $"amount_cents must be between 1 and {CreditLedger.MaxAmountCents} cents (the largest single grant, $10,000,000)";
}
