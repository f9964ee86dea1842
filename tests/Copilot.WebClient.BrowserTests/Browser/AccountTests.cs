using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>The usage bar with its paid reset, and the subscription page, against the real usage and billing services.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class AccountTests(WebClientStackFixture fixture)
{
    private HttpClient Admin() => CopilotStack.CreateClient(fixture.Gateway, $"admin-{Guid.NewGuid():N}", "admin");

    [Fact]
    public async Task The_usage_bar_shows_percent_and_reset_time_and_sells_a_reset_when_the_day_is_used_up()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "usage-bar");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Count my usage [sim:long=5]");
        await ui.WaitForTurnsToEndAsync(session);

        var today = ui.Page.GetByRole(AriaRole.Progressbar, new PageGetByRoleOptions { Name = "Today usage" });
        await Expect(today).ToHaveAttributeAsync("aria-valuetext", new System.Text.RegularExpressions.Regex(@"^\d+(\.\d)?% used, resets "));
        await Expect(ui.Page.GetByRole(AriaRole.Progressbar, new PageGetByRoleOptions { Name = "Week usage" })).ToBeVisibleAsync();

        // A one-microdollar daily cap makes the turn just taken exhaust the day.
        using var admin = Admin();
        (await admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/limits", new { user_id = ui.UserId, daily_cost_limit_microdollars = 1 }))
            .EnsureSuccessStatusCode();
        await WaitForDailyPercentAsync(ui, percent => percent >= 100);
        await ui.Page.ReloadAsync();
        await Expect(today).ToHaveAttributeAsync("aria-valuenow", "100");
        var reset = ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reset today's limit for $5.00" });

        await reset.ClickAsync();
        // Payments are off in this stack: the reader learns why and when the limit frees up, with nothing to buy.
        var shortOfCredits = ui.Page.GetByTestId("insufficient-credits");
        await Expect(shortOfCredits).ToHaveAttributeAsync("role", "alert");
        await Expect(shortOfCredits).ToContainTextAsync("Not enough credits: the reset costs $5.00 and your balance is $0.00. Buying credits is not available on this server, so your daily limit frees up ");
        await Expect(shortOfCredits.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        (await admin.PostAsJsonAsync("/api/credits/admin/grant", new { user_id = ui.UserId, amount_cents = 1000, reason = "browser test" }))
            .EnsureSuccessStatusCode();
        await reset.ClickAsync();
        await Expect(ui.Page.GetByText("Daily limit reset for $5.00. Balance: $5.00.")).ToBeVisibleAsync();
        await Expect(today).ToHaveAttributeAsync("aria-valuenow", "0");
    }

    [Fact]
    public async Task A_subscriber_changes_tier_on_the_subscription_page()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "tier-change");
        await ui.SignInAsync();
        using var admin = Admin();
        (await admin.PostAsJsonAsync("/api/credits/admin/tier", new { user_id = ui.UserId, tier = "PRO" })).EnsureSuccessStatusCode();

        await ui.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Subscription" }).ClickAsync();
        var pro = ui.Page.Locator("[data-testid=tier-card][data-tier=PRO]");
        var free = ui.Page.Locator("[data-testid=tier-card][data-tier=FREE]");
        await Expect(pro).ToContainTextAsync("Current plan");
        await Expect(ui.Page.GetByTestId("tier-card")).ToHaveCountAsync(4);
        await ui.ScreenshotAsync("pro");

        // Without a payment provider (the embedded default) a move to FREE applies at once.
        await free.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Downgrade to Free" }).ClickAsync();

        await Expect(ui.Page.GetByText("Your plan is now Free.")).ToBeVisibleAsync();
        await Expect(free).ToContainTextAsync("Current plan");
        using var api = ui.Api();
        (await api.GetFromJsonAsync<JsonElement>("/api/credits/subscription")).GetProperty("tier").GetString().Should().Be("FREE");
    }

    [Fact]
    public async Task A_scheduled_downgrade_shows_a_banner_and_keep_my_tier_cancels_it()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "pending-change");
        await ui.SignInAsync();
        // A scheduled downgrade needs Stripe's subscription schedules, which this machine cannot reach: billing's answers
        // are stubbed in the browser, and the test checks what the page shows and sends.
        string? sentTier = null;
        await ui.Page.RouteAsync("**/api/credits/subscription", async route =>
        {
            if (route.Request.Method == "POST")
            {
                sentTier = JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("tier").GetString();
            }

            var pending = route.Request.Method == "GET";
            await route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "application/json",
                Body = JsonSerializer.Serialize(new
                {
                    tier = "BUSINESS",
                    monthly_cost = 9900,
                    tier_costs = new Dictionary<string, int> { ["FREE"] = 0, ["PRO"] = 2000, ["BUSINESS"] = 9900, ["ENTERPRISE"] = 0 },
                    proration_credit_cents = 0,
                    pending_tier = pending ? "PRO" : null,
                    pending_tier_effective_at = pending ? "2026-12-31T00:00:00Z" : null,
                    payments_enabled = true,
                    available_tiers = new[] { "FREE", "PRO", "BUSINESS" },
                    url = "",
                }),
            });
        });

        await ui.Page.GotoAsync("/subscription");
        var banner = ui.Page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Scheduled plan change" });
        await Expect(banner).ToContainTextAsync("Your plan changes from Business to Pro on 31 December 2026.");
        await Expect(ui.Page.Locator("[data-testid=tier-card][data-tier=PRO]")).ToContainTextAsync("Scheduled");
        await ui.ScreenshotAsync("banner");

        await banner.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Keep my Business plan" }).ClickAsync();

        await Expect(ui.Page.GetByText("You stay on Business.")).ToBeVisibleAsync();
        await Expect(banner).ToHaveCountAsync(0);
        sentTier.Should().Be("BUSINESS", "re-selecting the current tier is how a scheduled change is cancelled");
    }

    private static async Task WaitForDailyPercentAsync(ChatUi ui, Func<double, bool> condition)
    {
        using var api = ui.Api();
        var usage = await Eventually.ReadAsync(() => api.GetFromJsonAsync<JsonElement>("/api/usage"), until: Meets, TimeSpan.FromSeconds(20));
        Meets(usage).Should().BeTrue("daily usage should meet the condition: {0}", usage);

        bool Meets(JsonElement read) =>
            read.GetProperty("daily") is { ValueKind: JsonValueKind.Object } daily && condition(daily.GetProperty("percent_used").GetDouble());
    }
}
