using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>Managing chats from the list: rename in place, delete after confirming, search, date groups, server titles.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class ChatListTests(WebClientStackFixture fixture)
{
    [Theory]
    [InlineData(Screens.Desktop)]
    [InlineData(Screens.Phone)]
    public async Task A_chat_is_renamed_in_place_and_deleted_only_after_confirming(string screen)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"rename-delete-{screen}", viewport: Screens.Of(screen));
        await ui.Page.GuardAsync($"rename-delete-{screen}", async () =>
        {
            await ui.SignInAsync();
            var doomed = await ui.CreateChatAsync("Old draft");
            var kept = await ui.CreateChatAsync("Trip ideas");
            await ui.Page.GotoAsync($"/copilot?sessionId={doomed}");
            await ui.ShowChatListAsync(screen);

            await ui.ChatList().GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Rename Trip ideas" }).ClickAsync();
            var input = ui.ChatList().GetByLabel("Chat title");
            await Expect(input).ToBeFocusedAsync();
            await input.FillAsync("Mountain trip ideas");
            await input.PressAsync("Enter");
            await Expect(ui.ChatLink("Mountain trip ideas")).ToHaveCountAsync(1);
            (await ui.StoredTitleAsync(kept)).Should().Be("Mountain trip ideas");

            // Escape abandons a rename.
            await ui.ChatList().GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Rename Mountain trip ideas" }).ClickAsync();
            await input.FillAsync("Not this");
            await input.PressAsync("Escape");
            await Expect(ui.ChatLink("Mountain trip ideas")).ToHaveCountAsync(1);
            (await ui.StoredTitleAsync(kept)).Should().Be("Mountain trip ideas");

            var delete = ui.ChatList().GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Delete Old draft" });
            var dialog = ui.Page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Delete chat?" });
            await delete.ClickAsync();
            await Expect(dialog).ToContainTextAsync("“Old draft” and its messages will be deleted for good.");
            await ui.ScreenshotAsync("confirm");
            await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(ui.ChatLink("Old draft")).ToHaveCountAsync(1);
            await Expect(delete).ToBeFocusedAsync();

            // Escape cancels too, and leaves the list (on a phone, the drawer) open.
            await delete.ClickAsync();
            await Expect(dialog).ToBeVisibleAsync();
            await ui.Page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(ui.ChatList()).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 1 });

            await delete.ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Delete", Exact = true }).ClickAsync();

            await Expect(ui.ChatLink("Old draft")).ToHaveCountAsync(0);
            await Expect(ui.Page).ToHaveURLAsync(new Regex("/copilot$"));
            await Expect(ui.ChatList()).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 1 });
            await Expect(ui.Page.GetByLabel("Search chats")).ToBeFocusedAsync();
            using var api = ui.Api();
            (await api.GetAsync($"/api/chat/sessions/{doomed}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        });
    }

    [Theory]
    [InlineData(Screens.Desktop)]
    [InlineData(Screens.Phone)]
    public async Task Search_filters_the_list_by_title(string screen)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"search-{screen}", viewport: Screens.Of(screen));
        await ui.Page.GuardAsync($"search-{screen}", async () =>
        {
            await ui.SignInAsync();
            await ui.CreateChatAsync("Garden plans");
            await ui.CreateChatAsync("Tax return questions");
            await ui.CreateChatAsync("Plants for a shady garden");
            await ui.Page.ReloadAsync();
            await ui.ShowChatListAsync(screen);
            await Expect(ui.ChatList().GetByTestId("session-link")).ToHaveCountAsync(3);

            await ui.Page.GetByLabel("Search chats").FillAsync("GARDEN");

            await Expect(ui.ChatList().GetByTestId("session-link")).ToHaveTextAsync(["Plants for a shady garden", "Garden plans"]);
            await ui.Page.GetByLabel("Search chats").FillAsync("holiday");
            await Expect(ui.ChatList().GetByTestId("session-link")).ToHaveCountAsync(0);
            await Expect(ui.ChatList()).ToContainTextAsync("No chats match “holiday”.");
        });
    }

    [Fact]
    public async Task Chats_are_grouped_by_the_day_of_their_last_activity()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "date-groups");
        await ui.Page.GuardAsync("date-groups", async () =>
        {
            await ui.SignInAsync();
            // Activity dates cannot be set through the API: the list is answered in the browser, with real dates.
            var now = DateTimeOffset.UtcNow;
            var sessions = new[] { ("Long ago", now.AddDays(-40)), ("This week", now.AddDays(-3)), ("Yesterday's", now.AddDays(-1)), ("Fresh", now) }
                .Select(s => new { id = Guid.NewGuid(), created_at = s.Item2, updated_at = s.Item2, title = s.Item1, is_processing = false });
            await ui.Page.RouteAsync("**/api/chat/sessions?*", route => route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "application/json",
                Body = JsonSerializer.Serialize(new { sessions, total = 4 }),
            }));
            await ui.Page.ReloadAsync();

            var groups = ui.ChatList().Locator(".session-group");
            await Expect(groups.Locator("h2")).ToHaveTextAsync(["Today", "Yesterday", "Previous 7 days", "Older"]);
            await Expect(groups.Nth(0).GetByTestId("session-link")).ToHaveTextAsync("Fresh");
            await Expect(groups.Nth(1).GetByTestId("session-link")).ToHaveTextAsync("Yesterday's");
            await Expect(groups.Nth(2).GetByTestId("session-link")).ToHaveTextAsync("This week");
            await Expect(groups.Nth(3).GetByTestId("session-link")).ToHaveTextAsync("Long ago");
        });
    }

    [Theory]
    [InlineData(Screens.Desktop)]
    [InlineData(Screens.Phone)]
    public async Task The_title_the_server_streams_names_the_chat_in_the_list_and_the_tab(string screen)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"server-title-{screen}", viewport: Screens.Of(screen));
        await ui.Page.GuardAsync($"server-title-{screen}", async () =>
        {
            await ui.SignInAsync();
            // The list as the server sends it, but never with a title: only the turn's data-session-title part can name the chat.
            await ui.Page.RouteAsync("**/api/chat/sessions?*", async route =>
            {
                var response = await route.FetchAsync();
                var body = JsonNode.Parse(await response.TextAsync())!;
                foreach (var session in body["sessions"]!.AsArray())
                {
                    session!["title"] = null;
                }

                await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = body.ToJsonString() });
            });
            await ui.ShowChatListAsync(screen);
            await ui.NewChatAsync();
            await Expect(ui.Page).ToHaveTitleAsync("New chat · Copilot");

            // The executor announces the title at the end of the answer's one step: six seconds of answer leave the title
            // model (the simulator, answering at once) ample time even on a loaded machine.
            await ui.SendAsync("Plan a weekend hiking trip in the Alps please [sim:long=150] [sim:delay=40]");
            var session = await ui.OpenedSessionAsync();

            const string title = "Plan a weekend hiking trip in";
            await Expect(ui.Page).ToHaveTitleAsync($"{title} · Copilot", new PageAssertionsToHaveTitleOptions { Timeout = 30_000 });
            await Expect(ui.Page.GetByTestId("chat-heading")).ToHaveTextAsync(title);
            await ui.ShowChatListAsync(screen);
            await Expect(ui.ChatLink(title)).ToHaveAttributeAsync("aria-current", "page");
            await ui.WaitForTurnsToEndAsync(session);
            (await ui.StoredTitleAsync(session)).Should().Be(title);

            // After a reload the title comes from the session list.
            await ui.Page.UnrouteAllAsync();
            await ui.Page.ReloadAsync();
            await Expect(ui.Page).ToHaveTitleAsync($"{title} · Copilot");
            await ui.ShowChatListAsync(screen);
            await Expect(ui.ChatLink(title)).ToHaveCountAsync(1);
        });
    }
}
