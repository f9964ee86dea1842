using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>What every page has: where focus lands after sign-in, a heading, the tab's title and icon.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class ShellTests(WebClientStackFixture fixture)
{
    [Theory]
    [InlineData(Screens.Desktop)]
    [InlineData(Screens.Phone)]
    public async Task After_sign_in_focus_is_in_the_composer_and_the_chat_page_has_a_heading_a_title_and_an_icon(string screen)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"shell-{screen}", viewport: Screens.Of(screen));
        await ui.Page.GuardAsync($"shell-{screen}", async () =>
        {
            await ui.Page.GotoAsync("/");
            await Expect(ui.Page).ToHaveTitleAsync("Sign in · Copilot");

            await ui.SignInAsync();

            await Expect(ui.Composer).ToBeFocusedAsync();
            await Expect(ui.Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Level = 1 })).ToHaveTextAsync("New chat");
            await Expect(ui.Page).ToHaveTitleAsync("New chat · Copilot");
            await Expect(ui.Page.Locator("link[rel=icon][type='image/svg+xml']")).ToHaveAttributeAsync("href", "/favicon.svg");
        });
    }
}
