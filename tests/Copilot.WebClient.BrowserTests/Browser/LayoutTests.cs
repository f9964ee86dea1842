using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>The shell at a desktop window and on a phone: a one-line header, the chat list, the usage display.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class LayoutTests(WebClientStackFixture fixture)
{
    [Fact]
    public async Task On_a_phone_the_chat_list_is_a_drawer_behind_a_menu_button_and_the_header_is_one_line()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "phone-drawer", viewport: Chromium.Phone);
        await ui.Page.GuardAsync("phone-drawer", async () =>
        {
            await ui.SignInAsync();
            var first = await ui.CreateChatAsync("Packing list for the coast");
            var second = await ui.CreateChatAsync("Quarterly numbers");
            await ui.Page.GotoAsync($"/copilot?sessionId={first}");
            await Expect(ui.Composer).ToBeVisibleAsync();

            var header = await ui.Page.Locator("header.top-bar").BoundingBoxAsync();
            header!.Height.Should().BeLessThan(60, "the header is one line on a phone");
            await Expect(ui.ChatList()).Not.ToBeInViewportAsync();
            await Expect(ui.MenuButton()).ToHaveAttributeAsync("aria-expanded", "false");

            // Opened, the drawer takes focus; Escape closes it and focus goes back to the menu button.
            await ui.MenuButton().ClickAsync();
            await Expect(ui.ChatList()).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 1 });
            await Expect(ui.ChatList().GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "+ New chat" })).ToBeFocusedAsync();
            await ui.ScreenshotAsync("drawer-open");
            await ui.Page.Keyboard.PressAsync("Escape");
            await Expect(ui.ChatList()).Not.ToBeInViewportAsync();
            await Expect(ui.MenuButton()).ToBeFocusedAsync();

            // A tap on the dimmed page closes it too.
            await ui.MenuButton().ClickAsync();
            await ui.Page.GetByTestId("drawer-backdrop").ClickAsync(new LocatorClickOptions { Position = new Position { X = 370, Y = 400 } });
            await Expect(ui.ChatList()).Not.ToBeInViewportAsync();

            // Picking a chat opens it and closes the drawer.
            await ui.ShowChatListAsync(Screens.Phone);
            await ui.ChatLink("Quarterly numbers").ClickAsync();
            await Expect(ui.Page).ToHaveURLAsync($"/copilot?sessionId={second}");
            await Expect(ui.ChatList()).Not.ToBeInViewportAsync();
            await Expect(ui.MenuButton()).ToHaveAttributeAsync("aria-expanded", "false");
        });
    }

    [Fact]
    public async Task On_a_phone_usage_is_a_small_meter_that_opens_the_details_on_a_tap()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "phone-usage", viewport: Chromium.Phone);
        await ui.Page.GuardAsync("phone-usage", async () =>
        {
            await ui.SignInAsync();
            var summary = ui.Page.GetByTestId("usage-summary");
            await Expect(summary).ToBeVisibleAsync();
            var usage = ui.Page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Usage" });
            (await usage.BoundingBoxAsync())!.Height.Should().BeLessThan(48, "the usage display stays one small line on a phone");
            var today = ui.Page.GetByRole(AriaRole.Progressbar, new PageGetByRoleOptions { Name = "Today usage" });
            await Expect(today).ToHaveCountAsync(0);

            await summary.ClickAsync();

            await Expect(summary).ToHaveAttributeAsync("aria-expanded", "true");
            await Expect(today).ToBeVisibleAsync();
            await Expect(ui.Page.GetByRole(AriaRole.Progressbar, new PageGetByRoleOptions { Name = "Week usage" })).ToBeVisibleAsync();
            await ui.ScreenshotAsync("usage-open");
            await summary.ClickAsync();
            await Expect(today).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task On_a_desktop_the_chat_list_is_a_sidebar_and_usage_shows_both_meters()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "desktop-shell");
        await ui.Page.GuardAsync("desktop-shell", async () =>
        {
            await ui.SignInAsync();
            await ui.CreateChatAsync("Sidebar chat");
            await ui.Page.ReloadAsync();

            await Expect(ui.MenuButton()).ToBeHiddenAsync();
            await Expect(ui.ChatLink("Sidebar chat")).ToBeInViewportAsync();
            await Expect(ui.Page.GetByRole(AriaRole.Progressbar, new PageGetByRoleOptions { Name = "Today usage" })).ToBeVisibleAsync();
            (await ui.Page.Locator("header.top-bar").BoundingBoxAsync())!.Height.Should().BeLessThan(60);
        });
    }
}
