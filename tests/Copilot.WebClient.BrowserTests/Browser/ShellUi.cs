using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>The shell around the chat, as a user reaches it: the header's menu, the chat list (a drawer on phones).</summary>
public static class ShellUi
{
    public static ILocator MenuButton(this ChatUi ui) => ui.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Chats", Exact = true });

    public static ILocator ChatList(this ChatUi ui) => ui.Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Conversations" });

    public static ILocator ChatLink(this ChatUi ui, string title) =>
        ui.ChatList().GetByTestId("session-link").Filter(new LocatorFilterOptions { HasText = title });

    /// <summary>On a phone the list is a drawer: opens it unless it is open (or a sidebar) already.</summary>
    public static async Task ShowChatListAsync(this ChatUi ui, string screen)
    {
        if (screen == Screens.Phone && await ui.MenuButton().GetAttributeAsync("aria-expanded") != "true")
        {
            await ui.MenuButton().ClickAsync();
        }

        await Expect(ui.ChatList()).ToBeInViewportAsync();
    }

    /// <summary>A chat made through the API, titled as given.</summary>
    public static async Task<Guid> CreateChatAsync(this ChatUi ui, string title)
    {
        using var api = ui.Api();
        var created = await (await api.PostAsJsonAsync("/api/chat/sessions", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        (await api.PatchAsJsonAsync($"/api/chat/sessions/{id}/title", new { title })).EnsureSuccessStatusCode();
        return id;
    }

    public static async Task<string?> StoredTitleAsync(this ChatUi ui, Guid session)
    {
        using var api = ui.Api();
        return (await api.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{session}")).GetProperty("title").GetString();
    }
}
