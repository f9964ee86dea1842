using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>Files picked in the composer: uploaded to the workspace, sent with the message, shown on it.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed class AttachmentTests(WebClientStackFixture fixture)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task A_picked_file_uploads_goes_with_the_message_and_stays_on_it_after_a_reload(string size)
    {
        await using var ui = await ChatUi.OpenAsync(fixture, $"attachment-{size}", viewport: Screens.Of(size));
        await ui.SignInAsync();
        await ui.NewChatAsync();

        await ui.Page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "notes.txt", MimeType = "text/plain", Buffer = "buy milk\ncall Bob\n"u8.ToArray(),
        });
        var attachment = ui.Page.GetByTestId("attachment");
        await Expect(attachment).ToHaveAttributeAsync("data-state", "ready");
        await Expect(attachment).ToContainTextAsync("notes.txt");
        await ui.ScreenshotAsync("tray");
        await ui.SendAsync("Here are my notes");
        await Expect(ui.Page).ToHaveURLAsync(new Regex("sessionId="));

        var file = ui.UserMessages.Last.GetByTestId("message-file");
        await Expect(file).ToHaveTextAsync(new Regex("notes\\.txt"));
        await Expect(ui.UserMessages.Last).Not.ToContainTextAsync("file_id=");
        await Expect(attachment).ToHaveCountAsync(0);
        var session = Guid.Parse(new Uri(ui.Page.Url).Query.Split('=')[1]);
        await ui.WaitForTurnsToEndAsync(session);
        (await ui.StoredMessagesAsync(session))[0].Content.Should().Contain("[Attached files]").And.Contain("notes.txt");

        await ui.Page.ReloadAsync();
        await Expect(ui.UserMessages.Last.GetByTestId("message-file")).ToHaveTextAsync(new Regex("notes\\.txt"));
        await Expect(ui.UserMessages.Last).ToHaveTextAsync(new Regex("^Here are my notes"));
    }

    [Fact]
    public async Task An_upload_shows_its_progress_and_send_waits_for_it()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "attachment-progress");
        await ui.SignInAsync();
        await ui.NewChatAsync();
        // The upload is held at the browser's edge until the test has seen it in progress.
        var release = new TaskCompletionSource();
        await ui.Page.RouteAsync("**/api/workspace/files", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });

        await ui.Page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "slow.txt", MimeType = "text/plain", Buffer = "held back"u8.ToArray(),
        });
        await ui.Composer.FillAsync("With the slow file");

        var send = ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send", Exact = true });
        await Expect(ui.Page.GetByRole(AriaRole.Progressbar, new PageGetByRoleOptions { Name = "Uploading slow.txt" })).ToBeVisibleAsync();
        await Expect(send).ToBeDisabledAsync();
        await ui.ScreenshotAsync("uploading");
        release.SetResult();
        await Expect(ui.Page.GetByTestId("attachment")).ToHaveAttributeAsync("data-state", "ready");
        await Expect(send).ToBeEnabledAsync();
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_the_reason_and_send_still_works()
    {
        await using var ui = await ChatUi.OpenAsync(fixture, "attachment-too-big");
        await ui.SignInAsync();
        await ui.NewChatAsync();

        await ui.Page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "huge.bin", MimeType = "application/octet-stream", Buffer = new byte[(10 * 1024 * 1024) + 1],
        });

        var attachment = ui.Page.GetByTestId("attachment");
        await Expect(attachment).ToHaveAttributeAsync("data-state", "failed");
        await Expect(attachment).ToContainTextAsync("at most 10 MB");
        await ui.ScreenshotAsync("refused");
        await ui.SendAsync("Without the file then");
        await Expect(ui.Page).ToHaveURLAsync(new Regex("sessionId="));
        await Expect(attachment).ToHaveCountAsync(0);
        var session = Guid.Parse(new Uri(ui.Page.Url).Query.Split('=')[1]);
        await ui.WaitForTurnsToEndAsync(session);
        (await ui.StoredMessagesAsync(session))[0].Content.Should().Be("Without the file then");
    }
}
