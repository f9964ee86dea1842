using System.ComponentModel.DataAnnotations;

namespace Copilot.Billing;

/// <summary>
/// Configuration section <c>Billing</c>. Price ids stand in for the seed's LaunchDarkly flags
/// (<c>stripe-price-id-pro</c>, <c>stripe-price-id-business</c>, <c>enable-platform-payment</c>).
/// </summary>
public sealed class BillingOptions : IValidatableObject
{
    public const string SectionName = "Billing";

    /// <summary>Stripe secret key (<c>sk_test_…</c> or <c>sk_live_…</c>); empty means Stripe calls fail (and are reported as 502).</summary>
    public string StripeSecretKey { get; set; } = "";

    /// <summary>Webhook signing secret (<c>whsec_…</c>); empty makes the webhook answer 503 so nobody can forge an empty-key HMAC.</summary>
    public string StripeWebhookSecret { get; set; } = "";

    /// <summary>Overrides Stripe's API base URL (a fake Stripe in tests); Stripe's own when empty.</summary>
    public string? StripeApiBase { get; set; }

    public string? ProPriceId { get; set; }

    public string? BusinessPriceId { get; set; }

    /// <summary>The web client's origin; Checkout redirect URLs must match it (open-redirect guard).</summary>
    public string? FrontendBaseUrl { get; set; }

    /// <summary>Fallback origin when <see cref="FrontendBaseUrl"/> is empty (the seed's <c>platform_base_url</c>).</summary>
    public string? PlatformBaseUrl { get; set; }

    /// <summary>Off by default: FREE is then set directly and paid tiers are refused (422); admins set tiers instead.</summary>
    public bool EnablePlatformPayment { get; set; }

    [Range(1, 1_000_000_00)]
    public long TopUpMinimumCents { get; set; } = 500;

    [Range(1, 1_000_000_00)]
    public long TopUpMaximumCents { get; set; } = 100_000;

    /// <summary>Retries Stripe.net makes itself on network errors, 409s and 5xx (it sends idempotency keys, so this is safe).</summary>
    [Range(0, 5)]
    public int StripeMaxNetworkRetries { get; set; } = 2;

    [Range(1, 120)]
    public int StripeTimeoutSeconds { get; set; } = 20;

    /// <summary>The origin redirect URLs must match, or null when none is configured.</summary>
    public string? AllowedRedirectOrigin =>
        !string.IsNullOrWhiteSpace(FrontendBaseUrl) ? FrontendBaseUrl : string.IsNullOrWhiteSpace(PlatformBaseUrl) ? null : PlatformBaseUrl;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(StripeApiBase), StripeApiBase), (nameof(FrontendBaseUrl), FrontendBaseUrl), (nameof(PlatformBaseUrl), PlatformBaseUrl),
                 })
        {
            if (!string.IsNullOrWhiteSpace(value) && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                yield return new ValidationResult($"Billing:{name} must be an absolute http(s) URL.", [name]);
            }
        }

        if (StripeSecretKey.Any(char.IsWhiteSpace))
        {
            yield return new ValidationResult("Billing:StripeSecretKey must not contain whitespace.", [nameof(StripeSecretKey)]);
        }

        if (TopUpMinimumCents > TopUpMaximumCents)
        {
            yield return new ValidationResult("Billing:TopUpMinimumCents must not exceed Billing:TopUpMaximumCents.", [nameof(TopUpMinimumCents)]);
        }
    }
}
