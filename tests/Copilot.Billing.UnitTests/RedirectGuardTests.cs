using Copilot.Billing.StripeIntegration;

namespace Copilot.Billing.UnitTests;

public sealed class RedirectGuardTests
{
    private const string Origin = "https://app.example.com";

    [Theory]
    [InlineData("https://app.example.com/profile/credits")]
    [InlineData("https://app.example.com")]
    [InlineData("https://app.example.com/?next=a@b.com")]
    [InlineData("https://app.example.com/#x@y")]
    [InlineData("https://APP.example.com/profile")]
    public void Urls_on_the_allowed_origin_pass(string url) => RedirectGuard.IsAllowed(url, Origin).Should().BeTrue();

    [Theory]
    [InlineData("https://app.example.com@evil.com/")]
    [InlineData("https://user@app.example.com/")]
    [InlineData("https://evil.com/")]
    [InlineData("https://app.example.com.evil.com/")]
    [InlineData("http://app.example.com/")]
    [InlineData("https://app.example.com:444/")]
    [InlineData("https://app.example.com\\evil.com")]
    [InlineData("https://app.example.com/\r\nLocation: https://evil.com")]
    [InlineData("https://app.example.com/\u001f")]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.com")]
    [InlineData("")]
    public void Urls_off_the_allowed_origin_fail(string url) => RedirectGuard.IsAllowed(url, Origin).Should().BeFalse();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_passes_without_an_allowed_origin(string? origin) =>
        RedirectGuard.IsAllowed("https://app.example.com/", origin).Should().BeFalse();

    [Fact]
    public void A_trailing_slash_on_the_configured_origin_does_not_matter() =>
        RedirectGuard.IsAllowed("https://app.example.com/x", Origin + "/").Should().BeTrue();
}
