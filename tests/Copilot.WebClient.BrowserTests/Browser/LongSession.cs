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
        using var api = new ChatClient(CopilotStack.CreateClient(gateway, userId), userId);
        var session = await api.CreateSessionAsync();
        for (var turn = 1; turn <= Turns; turn++)
        {
            await api.ChatAsync(session, $"message {turn} [sim:tool=get_current_time] [sim:ttft=0] [sim:delay=0]");
        }

        return new LongSession(userId, session);
    }
}
