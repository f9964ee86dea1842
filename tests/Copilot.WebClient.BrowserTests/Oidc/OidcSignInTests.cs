using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Oidc;

/// <summary>Signing in through an OIDC provider in headless chromium, and chatting with the token it issued.</summary>
public sealed partial class OidcSignInTests(OidcStackFixture fixture) : IClassFixture<OidcStackFixture>
{
    [Fact]
    public async Task Sign_in_goes_through_the_provider_with_pkce_and_the_chat_works_with_its_token()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            var tokensBefore = fixture.Provider.State.TokensIssued;
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

            await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(fixture.UserId);
            await Expect(page).ToHaveURLAsync(ChatUrl());
            fixture.Provider.State.TokensIssued.Should().Be(tokensBefore + 1);

            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "+ New chat" }).ClickAsync();
            var composer = page.GetByLabel("Message", new PageGetByLabelOptions { Exact = true });
            await composer.FillAsync("Hello through the provider [sim:long=60] [sim:delay=40]");
            await composer.PressAsync("Enter");
            // The first message creates the session. The stack's first session and turn are slow on a busy machine
            // (nothing warmed them up).
            await Expect(page).ToHaveURLAsync(SessionUrl(), new PageAssertionsToHaveURLOptions { Timeout = 20_000 });
            var answer = page.GetByTestId("assistant-message").Last;
            try
            {
                await Expect(answer).ToContainTextAsync("[simulated]", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
                await Expect(answer).ToHaveAttributeAsync("data-streaming", "false", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
            }
            catch (PlaywrightException exception)
            {
                throw new InvalidOperationException($"The answer did not stream. Page:\n{await page.InnerTextAsync("body")}\n"
                    + $"chat-api:\n{fixture.Stack.ChatApis[0].GetOutput()}\nexecutor:\n{string.Join("\n", fixture.Stack.Executors.Select(e => e.GetOutput()))}"
                    + $"\nllm-sim:\n{fixture.Stack.LlmSim.GetOutput()}\nusage:\n{fixture.Stack.Usage?.GetOutput()}",
                    exception);
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = fixture.ScreenshotPath("oidc-sign-in") });

            // The token the browser holds is the provider's, and the API accepts it as that user.
            var token = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('copilot.auth')).accessToken");
            using var api = new HttpClient { BaseAddress = fixture.Gateway };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var sessions = await api.GetFromJsonAsync<JsonElement>("/api/chat/sessions");
            sessions.ToString().Should().Contain("Hello through the provider");
            ClaimOf(token, "iss").Should().Be(fixture.Provider.Authority);

            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" })).ToBeVisibleAsync();
            (await page.EvaluateAsync<string?>("() => localStorage.getItem('copilot.auth')")).Should().BeNull();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_callback_whose_state_was_not_started_here_is_refused_without_redeeming_the_code()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            // The provider answers a different state than the page sent: a forged or foreign sign-in response.
            await page.RouteAsync($"{fixture.Provider.Authority}/authorize**", route =>
            {
                var url = new UriBuilder(route.Request.Url);
                url.Query = StateParameter().Replace(url.Query.TrimStart('?'), "state=forged-state");
                return route.ContinueAsync(new RouteContinueOptions { Url = url.Uri.ToString() });
            });
            var tokenRequestsBefore = fixture.Provider.State.TokenRequests;
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not match a sign-in started here");
            await Expect(page).ToHaveURLAsync(new Regex(@"/auth/callback\?.*\bstate=forged-state"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = fixture.ScreenshotPath("oidc-state-refused") });
            fixture.Provider.State.TokenRequests.Should().Be(tokenRequestsBefore, "the code is never exchanged");
            (await page.EvaluateAsync<string?>("() => localStorage.getItem('copilot.auth')")).Should().BeNull();

            await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Back to sign-in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" })).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_auth_config_names_the_provider_and_the_csp_lets_the_page_reach_only_its_origin()
    {
        using var client = new HttpClient { BaseAddress = fixture.Gateway };

        var response = await client.GetAsync("/auth/config");
        var devToken = await client.PostAsJsonAsync("/dev/token", new { user_id = "someone" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>();
        config.GetProperty("mode").GetString().Should().Be("oidc");
        config.GetProperty("authority").GetString().Should().Be(fixture.Provider.Authority);
        config.GetProperty("client_id").GetString().Should().Be(OidcStackFixture.ClientId);
        config.GetProperty("scope").GetString().Should().Be("openid profile email");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain($"connect-src 'self' {fixture.Provider.Authority};").And.Contain("default-src 'self';");
        devToken.StatusCode.Should().Be(HttpStatusCode.NotFound, "without a signing key the development endpoint issues nothing");
    }

    private static string ClaimOf(string jwt, string claim)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty(claim).GetString()!;
    }

    [GeneratedRegex(@"/copilot(\?sessionId=[0-9a-f-]{36})?$")]
    private static partial Regex ChatUrl();

    [GeneratedRegex(@"/copilot\?sessionId=[0-9a-f-]{36}$")]
    private static partial Regex SessionUrl();

    [GeneratedRegex(@"(?<=^|&)state=[^&]*")]
    private static partial Regex StateParameter();
}
