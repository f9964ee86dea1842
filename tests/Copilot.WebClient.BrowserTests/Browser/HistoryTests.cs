using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

[Collection(WebClientStackCollection.Name)]
public sealed class HistoryTests(WebClientStackFixture fixture)
{
    [Fact]
    public async Task Older_messages_load_when_the_reader_scrolls_to_the_top()
    {
        var history = await fixture.History;
        await using var ui = await ChatUi.OpenAsync(fixture, "older-messages", history.UserId);
        await ui.SignInAsync();

        await ui.Page.GotoAsync($"/copilot?sessionId={history.SessionId}");
        await Expect(ui.UserMessages.Last).ToHaveTextAsync(new Regex($"^message {LongSession.Turns} "));
        (await ui.UserMessages.CountAsync()).Should().BeLessThan(LongSession.Turns, "the first page holds only the newest messages");

        await ui.Page.Locator(".messages").EvaluateAsync("element => element.scrollTo(0, 0)");

        await Expect(ui.UserMessages.First).ToHaveTextAsync(new Regex("^message 1 "));
        await Expect(ui.UserMessages).ToHaveCountAsync(LongSession.Turns);
        await Expect(ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Load older messages" })).ToHaveCountAsync(0);
    }
}
