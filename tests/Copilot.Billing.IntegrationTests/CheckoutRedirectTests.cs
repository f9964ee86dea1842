using System.Net;
using Copilot.Billing.IntegrationTests.Support;

namespace Copilot.Billing.IntegrationTests;

/// <summary>The open-redirect guard on Checkout's success and cancel URLs (frontend origin <c>https://app.copilot.test</c>).</summary>
[Collection(BillingCollection.Name)]
public sealed class CheckoutRedirectTests(BillingFixture fixture)
{
    public static TheoryData<string> Attacks => new()
    {
        "https://app.copilot.test@evil.example/landing",
        "https://user:pass@app.copilot.test/profile",
        "https://evil.example/profile",
        "https://app.copilot.test.evil.example/profile",
        "http://app.copilot.test/profile",
        "https://app.copilot.test:8443/profile",
        "https://app.copilot.test\\@evil.example/",
        "https:\\\\evil.example/",
        "https://app.copilot.test/pro\nfile",
        "https://app.copilot.test/\tprofile",
        "javascript:alert(1)",
        "//evil.example/profile",
        "/profile/credits",
        "ftp://app.copilot.test/profile",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_success_url_off_the_frontend_origin_is_rejected(string url)
    {
        using var user = fixture.NewUser();

        using var response = await user.RequestTierAsync("PRO", successUrl: url);

        await Problem.AssertAsync(response, (HttpStatusCode)422, "success_url and cancel_url must match the platform frontend origin");
        user.CustomerId.Should().BeNull("nothing reaches Stripe for a refused redirect");
    }

    [Fact]
    public async Task A_success_url_with_a_NUL_character_is_refused_by_the_input_rules_before_any_redirect_check()
    {
        using var user = fixture.NewUser();

        using var response = await user.RequestTierAsync("PRO", successUrl: "https://app.copilot.test/\u0000");

        await Problem.AssertAsync(response, (HttpStatusCode)422, "success_url must not contain NUL characters.");
        user.CustomerId.Should().BeNull("nothing reaches Stripe for a refused redirect");
    }

    [Fact]
    public async Task A_cancel_url_off_the_frontend_origin_is_rejected()
    {
        using var user = fixture.NewUser();

        using var response = await user.RequestTierAsync("PRO", cancelUrl: "https://app.copilot.test@evil.example/");

        await Problem.AssertAsync(response, (HttpStatusCode)422, "success_url and cancel_url must match the platform frontend origin");
    }

    [Theory]
    [InlineData("https://app.copilot.test/profile/credits?ref=user@example.com")]
    [InlineData("https://app.copilot.test/profile#contact@example.com")]
    [InlineData("HTTPS://APP.COPILOT.TEST/profile")]
    [InlineData("https://app.copilot.test")]
    public async Task Urls_on_the_frontend_origin_are_accepted_even_with_an_at_sign_in_query_or_fragment(string url)
    {
        using var user = fixture.NewUser();

        using var response = await user.RequestTierAsync("PRO", successUrl: url, cancelUrl: url);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
