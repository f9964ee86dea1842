using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>A message is never lost: a send the server refuses keeps its text, says why, and changes nothing.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class SendFailureTests(WebClientStackFixture fixture)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task At_the_usage_limit_a_message_stays_in_the_composer_with_the_reason_and_what_the_user_can_do(string size)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"limit-{size}", viewport: Screens.Of(size));
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Use up my day [sim:long=5]");
        await ui.WaitForTurnsToEndAsync(session);
        await ui.ExhaustTodayAsync();
        await ui.Page.ReloadAsync();

        await ui.SendAsync("one more please");

        await Expect(ui.SendProblem).ToContainTextAsync("usage limit");
        await Expect(ui.SendProblem).ToContainTextAsync("Your message was not sent");
        await Expect(ui.SendProblem.GetByTestId("limit-resets")).ToContainTextAsync("resets");
        await Expect(ui.Composer).ToHaveValueAsync("one more please");
        await Expect(ui.UserMessages).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("refused");
        (await ui.StoredMessagesAsync(session)).Should().HaveCount(2, "the refused message was not stored");
        using var api = ui.Api();
        // The server names a chat after its first message (the simulator's title model: its first words, markers left
        // out); a send that started no turn names nothing.
        var title = await Eventually.ReadAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{session}")).GetProperty("title").GetString(),
            stored => stored is not null, TimeSpan.FromSeconds(30));
        title.Should().Be("Use up my day");

        // The paid reset, offered where the message waits: without credits it says so, with them the message goes.
        var reset = ui.SendProblem.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Reset today's limit now for $5.00" });
        await reset.ClickAsync();
        await Expect(ui.SendProblem).ToContainTextAsync("Insufficient credits");
        using var admin = ui.Admin();
        (await admin.PostAsJsonAsync("/api/credits/admin/grant", new { user_id = ui.UserId, amount_cents = 1000, reason = "browser test" }))
            .EnsureSuccessStatusCode();
        await reset.ClickAsync();
        await Expect(ui.Page.GetByText("Daily limit reset for $5.00.")).ToBeVisibleAsync();
        await ui.Composer.PressAsync("Enter");
        await Expect(ui.UserMessages.Last).ToContainTextAsync("one more please");
        await ui.WaitForTurnsToEndAsync(session);
        await Expect(ui.Composer).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_first_message_refused_at_the_limit_leaves_no_empty_chat_behind()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "limit-new-chat");
        await ui.SignInAsync();
        var session = await ui.StartChatAsync("Use up my day [sim:long=5]");
        await ui.WaitForTurnsToEndAsync(session);
        await ui.ExhaustTodayAsync();

        await ui.NewChatAsync();
        await ui.SendAsync("a brand new topic");

        await Expect(ui.SendProblem).ToContainTextAsync("Your message was not sent");
        await Expect(ui.Composer).ToHaveValueAsync("a brand new topic");
        await Expect(ui.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/copilot$"));
        (await ui.SessionCountAsync()).Should().Be(1, "the refused first message left no session behind");
    }

    [Fact]
    public async Task New_chat_creates_no_session_until_its_first_message_and_focus_stays_in_the_composer()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "draft-chat");
        await ui.SignInAsync();

        for (var click = 0; click < 3; click++)
        {
            await ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "+ New chat" }).ClickAsync();
        }

        await Expect(ui.Composer).ToBeFocusedAsync();
        (await ui.SessionCountAsync()).Should().Be(0, "a new chat is a draft until its first message");

        var session = await ui.StartChatAsync("First words [sim:long=5]");

        await Expect(ui.UserMessages).ToHaveTextAsync(["First words [sim:long=5]"]);
        await Expect(ui.Composer).ToBeFocusedAsync();
        await ui.WaitForTurnsToEndAsync(session);
        (await ui.SessionCountAsync()).Should().Be(1);
    }
}
