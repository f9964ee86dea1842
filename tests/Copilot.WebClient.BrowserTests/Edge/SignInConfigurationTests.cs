using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>The gateway's sign-in settings outside the shared edge fixture: other environments and bad configuration.</summary>
public sealed class SignInConfigurationTests
{
    [Fact]
    public async Task Outside_development_without_a_provider_the_auth_config_offers_no_sign_in()
    {
        await using var gateway = await StartGatewayAsync("Production", []);
        using var client = gateway.CreateClient();

        var config = await client.GetFromJsonAsync<JsonElement>("/auth/config");
        var devToken = await client.PostAsJsonAsync("/dev/token", new { user_id = "someone" });

        config.GetProperty("mode").GetString().Should().Be("none");
        devToken.IsSuccessStatusCode.Should().BeFalse();
    }

    [Theory]
    [InlineData("Oidc__Authority", "http://idp.example.test", "Oidc:Authority must be an https URL")]
    [InlineData("Oidc__Authority", "https://idp.example.test", "Oidc:ClientId is required")]
    [InlineData("Jwt__Authority", "http://idp.example.test", "Jwt:Authority must be an https URL unless Jwt:RequireHttpsMetadata is false")]
    public async Task The_gateway_refuses_to_start_with_an_unsafe_or_incomplete_provider(string key, string value, string message)
    {
        var start = () => StartGatewayAsync("Development", new() { [key] = value });

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(message);
    }

    private static Task<ServiceProcess> StartGatewayAsync(string environment, Dictionary<string, string> settings)
    {
        var gateway = new ServiceProcessOptions("gateway/Copilot.Gateway") { Name = "sign-in-gateway", EnvironmentName = environment };
        gateway.Environment["Jwt__SigningKey"] = TestTokens.SigningKey;
        gateway.Environment["Jwt__Issuer"] = TestTokens.Issuer;
        gateway.Environment["Jwt__Audience"] = TestTokens.Audience;
        foreach (var (key, value) in settings)
        {
            gateway.Environment[key] = value;
        }

        return ServiceProcess.StartAsync(gateway);
    }
}
