using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>How messages look and what can be done with them: error cards, failed tools, code, copy, edit, regenerate.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class MessageTests(WebClientStackFixture fixture)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task A_failed_turn_is_an_error_card_with_retry_live_and_after_a_reload(string size)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"error-card-{size}", viewport: Screens.Of(size));
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Break please [sim:error=after:2]");

        await Expect(ui.ErrorCards).ToHaveCountAsync(1);
        await ui.WaitForTurnsToEndAsync(session);
        await Expect(ui.ErrorCards).ToContainTextAsync("The answer failed.");
        await Expect(ui.Page.GetByText("COPILOT_ERROR")).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("live");

        await ui.Page.ReloadAsync();
        await Expect(ui.ErrorCards).ToHaveCountAsync(1);
        await Expect(ui.Page.GetByText("COPILOT_ERROR")).ToHaveCountAsync(0);
        var stored = await ui.StoredMessagesAsync(session);
        stored[^1].Content.Should().StartWith("[__COPILOT_ERROR_f7a1__]");
        (await ui.ErrorCards.InnerTextAsync()).Should().Contain(stored[^1].Content["[__COPILOT_ERROR_f7a1__]".Length..].Trim());

        await ui.ErrorCards.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Retry" }).ClickAsync();

        await Expect(ui.UserMessages).ToHaveCountAsync(2);
        await ui.WaitForTurnsToEndAsync(session);
        (await ui.StoredMessagesAsync(session)).Count(m => m.Role == "user" && m.Content == "Break please [sim:error=after:2]")
            .Should().Be(2, "Retry sent the question again");
    }

    [Fact]
    public async Task A_failed_tool_call_is_shown_as_failed_with_its_error_live_and_after_a_reload()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "failed-tool");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("""Read it [sim:tool=read_workspace_file:{"name":"no-such-file.txt"}]""");

        var step = ui.Page.GetByTestId("tool-step");
        await Expect(step).ToHaveAttributeAsync("data-state", "output-error");
        await Expect(step).ToContainTextAsync("failed");
        await Expect(step.GetByTestId("tool-error")).ToContainTextAsync("no-such-file.txt");
        await ui.WaitForTurnsToEndAsync(session);
        await Expect(step).ToHaveAttributeAsync("data-state", "output-error");
        await ui.ScreenshotAsync("failed-step");

        await ui.Page.ReloadAsync();
        await Expect(step).ToHaveAttributeAsync("data-state", "output-error");
        await Expect(step.GetByTestId("tool-error")).ToContainTextAsync("no-such-file.txt");
    }

    [Fact]
    public async Task No_empty_card_shows_before_the_first_token()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "no-empty-card");
        await ui.SignInAsync();
        await ui.NewChatAsync();
        // Records any answer card that is on the page without text, from before the send until the answer is complete.
        await ui.Page.EvaluateAsync("""
            () => {
              window.__emptyCards = 0;
              const check = () => document.querySelectorAll('[data-testid=assistant-message]').forEach(card => {
                if (!card.innerText.trim()) window.__emptyCards++;
              });
              new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
            }
            """);

        await ui.SendAsync("Take your time [sim:ttft=1500] [sim:long=5]");

        await Expect(ui.Page.GetByText("Copilot is thinking…")).ToBeVisibleAsync();
        await Expect(ui.AssistantMessages).ToContainTextAsync("[simulated]");
        (await ui.Page.EvaluateAsync<int>("() => window.__emptyCards")).Should().Be(0);
    }

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Code_is_highlighted_and_copied_with_its_button(string size)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"code-block-{size}", viewport: Screens.Of(size));
        await ui.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Show me a function [sim:code]");
        await ui.WaitForTurnsToEndAsync(session);

        var block = ui.Page.GetByTestId("code-block");
        await Expect(block).ToHaveAttributeAsync("data-language", "python");
        await Expect(block.Locator("code[data-highlighted=true] .hljs-keyword").First).ToHaveTextAsync("def");
        await ui.ScreenshotAsync("highlighted");
        await block.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Copy code" }).ClickAsync();

        await Expect(block.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Copied" })).ToBeVisibleAsync();
        var copied = await ui.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        copied.Should().StartWith("def greet(name: str) -> str:").And.EndWith("print(greet(\"world\"))").And.NotContain("```");
    }

    [Fact]
    public async Task Messages_can_be_copied_edited_and_the_last_answer_regenerated()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "message-actions");
        await ui.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("What is two plus two");
        await ui.WaitForTurnsToEndAsync(session);
        var answer = ui.Page.Locator(".message-row.assistant").Last;

        await answer.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Copy" }).ClickAsync();
        await Expect(answer.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Copied" })).ToBeVisibleAsync();
        (await ui.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()")).Should().Be("[simulated] You said: What is two plus two");

        await answer.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Regenerate" }).ClickAsync();
        await Expect(ui.AssistantMessages).ToHaveCountAsync(2);
        await ui.WaitForTurnsToEndAsync(session);

        await ui.Page.Locator(".message-row.user").First.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Edit" }).ClickAsync();
        await Expect(ui.Composer).ToHaveValueAsync("What is two plus two");
        await Expect(ui.Composer).ToBeFocusedAsync();
        await ui.Composer.PressAsync("End");
        await ui.Composer.PressSequentiallyAsync(" times three");
        await ui.Composer.PressAsync("Enter");

        await Expect(ui.UserMessages.Last).ToHaveTextAsync("What is two plus two times three");
        await ui.WaitForTurnsToEndAsync(session);
        var users = (await ui.StoredMessagesAsync(session)).Where(m => m.Role == "user").Select(m => m.Content);
        users.Should().Equal("What is two plus two", "What is two plus two", "What is two plus two times three");
        await Expect(ui.AssistantMessages.Last).ToHaveTextAsync("[simulated] You said: What is two plus two times three");
    }
}
