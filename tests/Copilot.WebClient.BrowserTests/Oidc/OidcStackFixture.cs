using System.Net.Http.Json;
using System.Text.Json;
using Copilot.FakeOidc;
using Copilot.Testing;
using Copilot.WebClient.BrowserTests.Browser;
using Microsoft.Playwright;

namespace Copilot.WebClient.BrowserTests.Oidc;

/// <summary>
/// The platform signing users in through an OIDC provider (the in-process fake) instead of the development
/// endpoint: every service validates the provider's RS256 tokens from its discovery document and the gateway's
/// web client runs the code + PKCE flow. Its own stack, since the shared one trusts only the test signing key.
/// </summary>
public sealed class OidcStackFixture : IAsyncLifetime
{
    public const string ClientId = "copilot-web-test";

    private IPlaywright? _playwright;

    public FakeOidcServer Provider { get; private set; } = null!;

    public CopilotStack Stack { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Gateway => Stack.Gateway!.BaseAddress;

    /// <summary>The user the provider approves: each run its own, so its chats start empty.</summary>
    public string UserId { get; } = $"oidc-{Guid.NewGuid():N}";

    public string RepositoryRoot { get; } = ProjectLocator.FindRepositoryRoot();

    public async Task InitializeAsync()
    {
        var webRoot = Path.Combine(RepositoryRoot, "web", "dist");
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
        {
            throw new InvalidOperationException($"The web client is not built ({webRoot}): run web/build.sh (./test.sh does).");
        }

        Provider = await FakeOidcServer.StartAsync(new FakeOidcOptions { ClientId = ClientId, Subject = UserId, Audience = TestTokens.Audience });
        // Billing answers usage's tier question; without it every admission waits out that request's timeout.
        var options = new CopilotStackOptions { WithGateway = true, WithBilling = true };
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["WebClient__Root"] = webRoot,
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
            options.Environment[key] = value;
        }

        try
        {
            var launchBrowser = Chromium.LaunchAsync();
            Stack = await CopilotStack.StartAsync(options);
            Provider.State.Options.RedirectUri = new Uri(Gateway, "/auth/callback");
            await WarmUpAsync();
            (_playwright, Browser) = await launchBrowser;
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
        using var api = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(90) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var created = (await api.PostAsJsonAsync("/api/chat/sessions", new { })).EnsureSuccessStatusCode();
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var turn = (await api.PostAsJsonAsync($"/api/chat/sessions/{session}/stream", new { message = "warm up" })).EnsureSuccessStatusCode();
        var events = await turn.Content.ReadAsStringAsync();
        if (!events.Contains("\"finish\"", StringComparison.Ordinal) || events.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The OIDC stack's warm-up turn did not complete:\n{events}");
        }

        (await api.DeleteAsync($"/api/chat/sessions/{session}")).EnsureSuccessStatusCode();
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Gateway.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public string ScreenshotPath(string name) => Path.Combine(RepositoryRoot, "TestResults", "screenshots", $"{name}.png");

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}
