using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// A session of <see cref="Turns"/> instant turns with one tool call each: four rows a turn (user, assistant with the
/// call, tool result, answer), more than the 50 a first history page holds.
/// </summary>
public sealed record LongSession(string UserId, Guid SessionId)
{
    public const int Turns = 14;

    public static async Task<LongSession> SeedAsync(Uri gateway)
    {
        var userId = $"web-history-{Guid.NewGuid():N}";
        using var api = CopilotStack.CreateClient(gateway, userId);
        var created = await api.PostAsJsonAsync("/api/chat/sessions", new { });
        created.EnsureSuccessStatusCode();
        var session = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        for (var turn = 1; turn <= Turns; turn++)
        {
            using var stream = await api.PostAsJsonAsync($"/api/chat/sessions/{session}/stream", new { message = $"message {turn} [sim:tool=get_current_time] [sim:ttft=0] [sim:delay=0]" });
            stream.EnsureSuccessStatusCode();
            await stream.Content.ReadAsStringAsync();
        }

        return new LongSession(userId, session);
    }
}
