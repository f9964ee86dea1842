using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>Only what the server can sell is offered: plans by what billing says, credits when payments are on.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class OfferTests(WebClientStackFixture fixture)
{
    [Theory]
    [InlineData(Screens.Desktop)]
    [InlineData(Screens.Phone)]
    public async Task With_payments_off_paid_plans_are_shown_unavailable_and_never_offered(string screen)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"plans-payments-off-{screen}", viewport: Screens.Of(screen));
        await ui.Page.GuardAsync($"plans-payments-off-{screen}", async () =>
        {
            await ui.SignInAsync();
            await ui.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Subscription" }).ClickAsync();

            await Expect(ui.Page).ToHaveTitleAsync("Subscription · Copilot");
            await Expect(ui.Page.GetByTestId("payments-off")).ToContainTextAsync("payments are not set up");
            await Expect(Card(ui, "FREE")).ToContainTextAsync("Current plan");
            foreach (var paid in new[] { "PRO", "BUSINESS" })
            {
                await Expect(Card(ui, paid).GetByTestId("tier-unavailable")).ToHaveTextAsync("Not available");
                await Expect(Card(ui, paid).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
                await Expect(Card(ui, paid)).Not.ToContainTextAsync("$0.00");
            }

            await ui.ScreenshotAsync("plans");
        });
    }

    [Fact]
    public async Task With_payments_on_priced_plans_are_offered_and_a_plan_without_a_price_is_not()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "plans-payments-on");
        await ui.Page.GuardAsync("plans-payments-on", async () =>
        {
            await ui.SignInAsync();
            // This stack has no payment provider: billing's answer is given in the browser, as a server with Stripe sends it.
            await ui.Page.RouteAsync("**/api/credits/subscription", route => route.FulfillAsync(Json(new
            {
                tier = "FREE",
                monthly_cost = 0,
                tier_costs = new Dictionary<string, int> { ["FREE"] = 0, ["PRO"] = 2000, ["BUSINESS"] = 0, ["ENTERPRISE"] = 0 },
                proration_credit_cents = 0,
                pending_tier = (string?)null,
                pending_tier_effective_at = (string?)null,
                payments_enabled = true,
                available_tiers = new[] { "FREE", "PRO" },
                url = "",
            })));

            await ui.Page.GotoAsync("/subscription");

            await Expect(Card(ui, "PRO")).ToContainTextAsync("$20.00 / month");
            await Expect(Card(ui, "PRO").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Upgrade to Pro" })).ToBeEnabledAsync();
            await Expect(Card(ui, "BUSINESS").GetByTestId("tier-unavailable")).ToBeVisibleAsync();
            await Expect(Card(ui, "BUSINESS").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
            await Expect(ui.Page.GetByTestId("payments-off")).ToHaveCountAsync(0);
        });
    }

    [Theory]
    [InlineData(Screens.Desktop)]
    [InlineData(Screens.Phone)]
    public async Task With_payments_on_a_reset_short_of_credits_offers_adding_credits_through_checkout(string screen)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"add-credits-{screen}", viewport: Screens.Of(screen));
        await ui.Page.GuardAsync($"add-credits-{screen}", async () =>
        {
            await ui.SignInAsync();
            var resetsAt = DateTimeOffset.UtcNow.Date.AddDays(1).ToString("O");
            await ui.Page.RouteAsync("**/api/usage", route => route.FulfillAsync(Json(new
            {
                daily = new { percent_used = 100, resets_at = resetsAt },
                weekly = new { percent_used = 40, resets_at = resetsAt },
                tier = "FREE",
                reset_cost = 500,
            })));
            await ui.Page.RouteAsync("**/api/usage/reset", route => route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 402,
                ContentType = "application/problem+json",
                Body = """{"status":402,"detail":"Insufficient credits to reset your rate limit."}""",
            }));
            await ui.Page.RouteAsync("**/api/credits", route => route.Request.Method == "GET"
                ? route.FulfillAsync(Json(new { credits = 120, top_ups_enabled = true, top_up_minimum_cents = 500, top_up_maximum_cents = 100_000 }))
                : route.FulfillAsync(Json(new { checkout_url = "/profile/credits?topup=success" })));
            var topUp = ui.Page.WaitForRequestAsync(request => request.Method == "POST" && request.Url.EndsWith("/api/credits", StringComparison.Ordinal));
            await ui.Page.ReloadAsync();

            await ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Reset today's limit for $5.00" }).ClickAsync();
            var notice = ui.Page.GetByTestId("insufficient-credits");
            await Expect(notice).ToContainTextAsync("Not enough credits: the reset costs $5.00 and your balance is $1.20. Add credits to reset now.");
            await ui.ScreenshotAsync("short");
            await notice.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Add $5.00 of credits" }).ClickAsync();

            JsonDocument.Parse((await topUp).PostData!).RootElement.GetProperty("credit_amount").GetInt32().Should().Be(500);
            // Checkout's way back (billing's fixed return path) lands on a page that says what happened.
            await Expect(ui.Page.GetByText("Payment received: your credits are added as soon as Stripe confirms it.")).ToBeVisibleAsync();
        });
    }

    private static ILocator Card(ChatUi ui, string tier) => ui.Page.Locator($"[data-testid=tier-card][data-tier={tier}]");

    private static RouteFulfillOptions Json(object body) => new() { ContentType = "application/json", Body = JsonSerializer.Serialize(body) };
}
