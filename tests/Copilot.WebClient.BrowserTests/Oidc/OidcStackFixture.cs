using Copilot.FakeOidc;
using Copilot.Testing;
using Copilot.WebClient.BrowserTests.Browser;

namespace Copilot.WebClient.BrowserTests.Oidc;

/// <summary>
/// The platform signing users in through an OIDC provider (the in-process fake) instead of the development
/// endpoint: every service validates the provider's RS256 tokens from its discovery document and the gateway's
/// web client runs the code + PKCE flow. Its own stack, since the shared one trusts only the test signing key.
/// </summary>
// Billing answers usage's tier question; without it every admission waits out that request's timeout.
public sealed class OidcStackFixture() : BrowserStackFixture(new CopilotStackOptions { WithGateway = true, WithBilling = true }), IAsyncLifetime
{
    public const string ClientId = "copilot-web-test";

    public FakeOidcServer Provider { get; private set; } = null!;

    /// <summary>The user the provider approves: each run its own, so its chats start empty.</summary>
    public string UserId { get; } = $"oidc-{Guid.NewGuid():N}";

    public override async Task InitializeAsync()
    {
        ServeWebClient();
        Provider = await FakeOidcServer.StartAsync(new FakeOidcOptions { ClientId = ClientId, Subject = UserId, Audience = TestTokens.Audience });
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Jwt__Authority"] = Provider.Authority,
                     ["Jwt__Issuer"] = Provider.Authority,
                     ["Jwt__Audience"] = TestTokens.Audience,
                     // No shared key: only the provider's tokens are accepted, and /dev/token issues none.
                     ["Jwt__SigningKey"] = "",
                     // The fake serves plain http on loopback; deployments keep the https requirement.
                     ["Jwt__RequireHttpsMetadata"] = "false",
                     ["Oidc__Authority"] = Provider.Authority,
                     ["Oidc__ClientId"] = ClientId,
                     ["Logging__LogLevel__Copilot"] = "Debug",
                     ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Infrastructure"] = "Information",
                 })
        {
            Options.Environment[key] = value;
        }

        try
        {
            var launchBrowser = LaunchBrowserAsync();
            await base.InitializeAsync();
            Provider.State.Options.RedirectUri = new Uri(Gateway, "/auth/callback");
            await WarmUpAsync();
            await launchBrowser;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One turn with a provider token before any test, in a session deleted afterwards: the gateway and chat-api fetch
    /// the provider's metadata and keys on their first token, and the stack's first turn (broker topology, usage's tier
    /// lookup in billing, cold code paths) can take longer on a busy machine than a page assertion waits. It also fails
    /// the fixture early, with the reason, if the stack does not accept the provider's tokens or cannot run a turn.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var token = await ProviderTokens.SignInAsync(Provider, ClientId, Provider.State.Options.RedirectUri!);
        using var http = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(90) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var api = new ChatClient(http, UserId);
        var session = await api.CreateSessionAsync();
        using var turn = (await api.SendAsync(session, "warm up")).EnsureSuccessStatusCode();
        var events = await turn.Content.ReadAsStringAsync();
        if (!events.Contains("\"finish\"", StringComparison.Ordinal) || events.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The OIDC stack's warm-up turn did not complete:\n{events}");
        }

        (await api.Http.DeleteAsync($"/api/chat/sessions/{session}")).EnsureSuccessStatusCode();
    }

    public string ScreenshotPath(string name) => Path.Combine(RepositoryRoot, "TestResults", "screenshots", $"{name}.png");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        // Null when start-up failed part-way.
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}
