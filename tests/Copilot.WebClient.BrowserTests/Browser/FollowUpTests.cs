using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>Messages sent while an answer is being written: taken back before delivery, or recognised as a repeat.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class FollowUpTests(WebClientStackFixture fixture)
{
    [Fact]
    public async Task A_queued_follow_up_can_be_removed_before_it_is_delivered()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "withdraw-follow-up");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Long answer please [sim:long=80] [sim:delay=80]");
        await Expect(ui.AssistantMessages.Last).ToContainTextAsync("[simulated]");
        await ui.SendAsync("never mind this one");
        await Expect(ui.QueuedChips).ToHaveTextAsync(["Queued never mind this one"]);
        await ui.ScreenshotAsync("chip");

        await ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Remove queued message: never mind this one" }).ClickAsync();

        await Expect(ui.QueuedChips).ToHaveCountAsync(0);
        await Expect(ui.StopButton).ToBeVisibleAsync();
        await ui.WaitForTurnsToEndAsync(session);
        await Expect(ui.UserMessages).ToHaveCountAsync(1);
        (await ui.StoredMessagesAsync(session)).Should().NotContain(m => m.Content.Contains("never mind this one"));
    }

    [Fact]
    public async Task A_repeat_of_the_message_being_answered_says_so_instead_of_disappearing()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "repeated-message");
        await ui.SignInAsync();
        const string question = "Same question twice [sim:long=60] [sim:delay=80]";
        var session = await ui.StartChatAsync(question);
        await Expect(ui.AssistantMessages.Last).ToContainTextAsync("[simulated]");

        await ui.SendAsync(question);

        await Expect(ui.Page.GetByTestId("chat-notice")).ToContainTextAsync("is already being answered");
        await Expect(ui.QueuedChips).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("notice");
        await ui.WaitForTurnsToEndAsync(session);
        await Expect(ui.UserMessages).ToHaveCountAsync(1);
        (await ui.StoredMessagesAsync(session)).Count(m => m.Role == "user").Should().Be(1);
    }
}
