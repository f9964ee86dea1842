using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>axe-core finds no serious or critical WCAG 2.1 A/AA violation on the sign-in, chat and subscription pages.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class AccessibilityTests(WebClientStackFixture fixture)
{
    [Theory]
    [InlineData(Screens.Desktop)]
    [InlineData(Screens.Phone)]
    public async Task The_sign_in_chat_and_subscription_pages_have_no_serious_violations(string screen)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"axe-{screen}", viewport: Screens.Of(screen));
        await ui.Page.GuardAsync($"axe-{screen}", async () =>
        {
            var found = new List<string>();
            await ui.Page.GotoAsync("/");
            await Expect(ui.Page.GetByLabel("User name")).ToBeVisibleAsync();
            found.AddRange(Label("sign-in", await Axe.SeriousViolationsAsync(ui.Page)));

            await ui.SignInAsync();
            await ui.ShowChatListAsync(screen);
            await ui.NewChatAsync();
            await ui.SendAsync("Think, then check the time [sim:reasoning] [sim:tool=get_current_time]");
            var session = await ui.OpenedSessionAsync();
            await ui.WaitForTurnsToEndAsync(session);
            await Expect(ui.AssistantMessages).ToHaveCountAsync(1);
            found.AddRange(Label("chat", await Axe.SeriousViolationsAsync(ui.Page)));
            if (screen == Screens.Phone)
            {
                await ui.ShowChatListAsync(screen);
                found.AddRange(Label("chat with the drawer open", await Axe.SeriousViolationsAsync(ui.Page)));
                await ui.Page.Keyboard.PressAsync("Escape");
            }

            await ui.Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Subscription" }).ClickAsync();
            await Expect(ui.Page.GetByTestId("tier-card")).ToHaveCountAsync(4);
            found.AddRange(Label("subscription", await Axe.SeriousViolationsAsync(ui.Page)));

            found.Should().BeEmpty();
        });
    }

    private static IEnumerable<string> Label(string page, IEnumerable<string> violations) => violations.Select(v => $"{page}: {v}");
}
