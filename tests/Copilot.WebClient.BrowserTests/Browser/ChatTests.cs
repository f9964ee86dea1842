using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>The chat as a user drives it in headless chromium, against the whole platform on the simulator.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class ChatTests(WebClientStackFixture fixture)
{
    [Fact]
    public async Task A_message_streams_into_the_chat_and_names_the_session()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "chat-streams");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Hello from the browser [sim:long=60] [sim:delay=40]");

        var answer = ui.AssistantMessages.Last;
        await Expect(answer).ToHaveAttributeAsync("data-streaming", "true");
        await Expect(answer).ToContainTextAsync("[simulated]");
        await Expect(ui.StopButton).ToBeVisibleAsync();
        var early = ChatUi.Normalize(await answer.InnerTextAsync());
        await ui.ScreenshotAsync("mid-stream");
        await ui.WaitForTurnsToEndAsync(session);

        var final = ChatUi.Normalize(await answer.InnerTextAsync());
        var stored = await ui.StoredMessagesAsync(session);
        stored.Select(m => m.Role).Should().Equal("user", "assistant");
        final.Should().Be(ChatUi.Normalize(stored[1].Content), "the page shows exactly what was stored");
        early.Length.Should().BeLessThan(final.Length, "the answer was visible while it was still being written");
        await Expect(ui.Page.GetByTestId("session-link").Filter(new LocatorFilterOptions { HasText = "Hello from the browser" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Reasoning_is_collapsed_until_the_reader_opens_it_and_tool_calls_show_as_steps()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "reasoning-and-tools");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Think, then check the time [sim:reasoning] [sim:tool=get_current_time]");
        await ui.WaitForTurnsToEndAsync(session);
        // When a turn ends the page re-reads its history and re-renders the bubbles; toggling before that settles
        // would act on elements about to be replaced.
        await ui.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(ui.AssistantMessages).ToHaveCountAsync(1);

        var show = ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show reasoning" }).First;
        var reasoning = ui.Page.Locator(".reasoning-text").First;
        await Expect(show).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(reasoning).ToBeHiddenAsync();
        var step = ui.Page.GetByTestId("tool-step");
        await Expect(step).ToHaveCountAsync(1);
        await Expect(step).ToContainTextAsync("get_current_time");
        await Expect(step).ToHaveAttributeAsync("data-state", "output-available");

        await show.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");

        var hide = ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Hide reasoning" }).First;
        await Expect(hide).ToHaveAttributeAsync("aria-expanded", "true");
        // The region the opened toggle controls, not merely the first one on the page (a tool turn has several).
        var opened = ui.Page.Locator($"[id='{await hide.GetAttributeAsync("aria-controls")}']");
        await Expect(opened).ToBeVisibleAsync();
        (await opened.InnerTextAsync()).Should().NotBeNullOrWhiteSpace();
        await ui.ScreenshotAsync("expanded");

        await ui.Page.ReloadAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show reasoning" }).First).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(ui.Page.GetByTestId("tool-step")).ToHaveCountAsync(1);
        await Expect(ui.AssistantMessages).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Stop_ends_the_answer_and_says_so()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "stop");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Tell me everything [sim:long=400] [sim:delay=50]");
        await Expect(ui.AssistantMessages.Last).ToContainTextAsync("[simulated]");
        await ui.StopButton.ClickAsync();

        await Expect(ui.Page.GetByTestId("notice")).ToContainTextAsync("Execution stopped by user", new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
        await ui.WaitForTurnsToEndAsync(session);
        var words = ChatUi.Normalize(await ui.AssistantMessages.Last.InnerTextAsync()).Split(' ').Length;
        words.Should().BeLessThan(200, "the answer stopped long before its 400 words");
        await Expect(ui.Composer).ToBeEditableAsync();
    }

    [Fact]
    public async Task A_reload_mid_answer_resumes_it_without_repeating_text()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "reload-resume");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Keep going after a reload [sim:long=80] [sim:delay=60]");
        var answer = ui.AssistantMessages.Last;
        await Expect(answer).ToContainTextAsync("[simulated]");
        await ui.Page.WaitForFunctionAsync(
            "() => (document.querySelector('[data-testid=assistant-message]')?.innerText ?? '').split(/\\s+/).length > 12");

        await ui.Page.ReloadAsync();

        await Expect(answer).ToHaveAttributeAsync("data-streaming", "true");
        await ui.ScreenshotAsync("resumed");
        await ui.WaitForTurnsToEndAsync(session);
        await Expect(ui.AssistantMessages).ToHaveCountAsync(1);
        await Expect(ui.UserMessages).ToHaveCountAsync(1);
        var shown = ChatUi.Normalize(await answer.InnerTextAsync());
        var stored = await ui.StoredMessagesAsync(session);
        shown.Should().Be(ChatUi.Normalize(stored[^1].Content), "the resumed answer is the whole answer, once");
        ChatUi.CountOf(shown, "[simulated]").Should().Be(1);
    }

    [Fact]
    public async Task A_follow_up_sent_mid_answer_is_queued_survives_a_reload_and_becomes_a_message()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "queued-follow-up");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("First question [sim:long=60] [sim:delay=80]");
        await Expect(ui.AssistantMessages.Last).ToContainTextAsync("[simulated]");
        await ui.SendAsync("and another thing");

        await Expect(ui.QueuedChips).ToHaveTextAsync(["Queued and another thing"]);
        await ui.ScreenshotAsync("chip");
        await ui.Page.ReloadAsync();
        await Expect(ui.QueuedChips).ToHaveTextAsync(["Queued and another thing"]);

        await Expect(ui.QueuedChips).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await ui.WaitForTurnsToEndAsync(session);
        await Expect(ui.UserMessages).ToHaveCountAsync(2);
        await Expect(ui.UserMessages.Last).ToContainTextAsync("and another thing");
        await Expect(ui.AssistantMessages).ToHaveCountAsync(2);
        var stored = await ui.StoredMessagesAsync(session);
        stored.Where(m => m.Role == "user").Select(m => m.Content).Last().Should().Contain("and another thing");
    }
}
