using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Copilot.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// One test's browser tab on the web client, addressed the way a user (or a screen reader) finds things: by label,
/// role and text. Disposing saves a screenshot of the final state to <c>TestResults/screenshots/</c>.
/// </summary>
public sealed partial class ChatUi : IAsyncDisposable
{
    private readonly WebClientStackFixture _fixture;
    private readonly string _name;

    private ChatUi(WebClientStackFixture fixture, IPage page, string name, string? userId)
    {
        _fixture = fixture;
        Page = page;
        _name = name;
        UserId = userId ?? $"web-{Guid.NewGuid():N}";
    }

    public IPage Page { get; }

    public string UserId { get; }

    public ILocator Composer => Page.GetByLabel("Message", new PageGetByLabelOptions { Exact = true });

    public ILocator StopButton => Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Stop", Exact = true });

    public ILocator AssistantMessages => Page.GetByTestId("assistant-message");

    public ILocator UserMessages => Page.GetByTestId("user-message");

    public ILocator QueuedChips => Page.GetByTestId("queued-chip");

    public ILocator SendProblem => Page.GetByTestId("send-problem");

    public ILocator ErrorCards => Page.GetByTestId("error-card");

    /// <param name="name">Names the screenshots.</param>
    /// <param name="userId">Who signs in; a fresh user when null.</param>
    /// <param name="viewport">The window's size; <see cref="Chromium.Desktop"/> when null.</param>
    public static async Task<ChatUi> OpenAsync(WebClientStackFixture fixture, string name, string? userId = null, ViewportSize? viewport = null) =>
        new(fixture, await fixture.NewPageAsync(viewport), name, userId);

    /// <summary>Signs in through the development token form and waits for the chat page.</summary>
    public async Task SignInAsync()
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("User name").FillAsync(UserId);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByTestId("signed-in-user")).ToHaveTextAsync(UserId);
    }

    /// <summary>Opens a new chat: a draft with no session on the server until its first message.</summary>
    public async Task NewChatAsync()
    {
        await Page.GotoAsync("/copilot");
        await Expect(Page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "New chat" })).ToBeVisibleAsync();
        await Expect(Composer).ToBeVisibleAsync();
    }

    /// <summary>Sends the first message of a new chat and returns the session it created (from the URL).</summary>
    public async Task<Guid> StartChatAsync(string text)
    {
        await NewChatAsync();
        await SendAsync(text);
        return await OpenedSessionAsync();
    }

    /// <summary>The session the page moved to once a new chat's first message created it.</summary>
    public async Task<Guid> OpenedSessionAsync()
    {
        await Expect(Page).ToHaveURLAsync(SessionUrl());
        return SessionIdOf(Page.Url);
    }

    /// <summary>The user's sessions as the server lists them.</summary>
    public async Task<int> SessionCountAsync()
    {
        using var api = Api();
        return (await api.GetFromJsonAsync<JsonElement>("/api/chat/sessions?limit=100")).GetProperty("total").GetInt32();
    }

    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
    }

    /// <summary>Waits until the session has no running turn on the server and the page shows it settled.</summary>
    public async Task WaitForTurnsToEndAsync(Guid session, TimeSpan? timeout = null)
    {
        using var api = Api();
        await Eventually.TrueAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{session}")).GetProperty("active_stream").ValueKind == JsonValueKind.Null,
            timeout ?? TimeSpan.FromSeconds(30), $"session {session} to have no running turn");

        await Expect(StopButton).ToBeHiddenAsync();
        await Expect(Page.Locator("[data-testid=assistant-message][data-streaming=true]")).ToHaveCountAsync(0);
        // A turn's end is followed by a re-read of the history that re-renders the bubbles: acting on a bubble before it
        // settles would act on an element about to be replaced. The view says when it shows the stored history.
        await Expect(Page.Locator("section.chat[data-synced=true]")).ToHaveCountAsync(1);
    }

    /// <summary>The session's stored rows, read through the gateway as this user.</summary>
    public async Task<IReadOnlyList<(string Role, string Content)>> StoredMessagesAsync(Guid session)
    {
        using var api = Api();
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{session}?limit=200");
        return [.. detail.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString() ?? ""))];
    }

    public HttpClient Api() => CopilotStack.CreateClient(_fixture.Gateway, UserId);

    /// <summary>An administrator of the platform (usage limits, credits).</summary>
    public HttpClient Admin() => CopilotStack.CreateClient(_fixture.Gateway, $"admin-{Guid.NewGuid():N}", "admin");

    /// <summary>
    /// Caps this user's day at one microdollar, so the turns already taken use it up, and waits until usage says so.
    /// </summary>
    public async Task ExhaustTodayAsync()
    {
        using var admin = Admin();
        (await admin.PostAsJsonAsync("/api/copilot/admin/rate_limit/limits", new { user_id = UserId, daily_cost_limit_microdollars = 1 }))
            .EnsureSuccessStatusCode();
        using var api = Api();
        await Eventually.TrueAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>("/api/usage")).GetProperty("daily") is { ValueKind: JsonValueKind.Object } daily
                && daily.GetProperty("percent_used").GetDouble() >= 100,
            TimeSpan.FromSeconds(20), $"{UserId}'s day to be used up");
    }

    public Task ScreenshotAsync(string step) => Page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath($"{_name}-{step}") });

    public static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    public static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(_name) });
        }
        finally
        {
            await Page.Context.CloseAsync();
        }
    }

    private string ScreenshotPath(string name) => Path.Combine(_fixture.RepositoryRoot, "TestResults", "screenshots", $"{name}.png");

    private static Guid SessionIdOf(string url) => Guid.Parse(SessionUrl().Match(url).Groups[1].Value);

    [GeneratedRegex(@"/copilot\?sessionId=([0-9a-f-]{36})")]
    private static partial Regex SessionUrl();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
