using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary>The simulator titles a chat with the first six words of its first message (markers and markdown removed).</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class SessionTitleTests(ExecutorStackFixture fixture)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_new_chat_is_titled_after_its_first_message_on_the_stream_and_in_the_list()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        // Long enough an answer that the title is ready before it ends.
        var capture = await user.ChatAsync(session, "**Plan** a weekend trip to Lisbon with the kids [sim:long=30] [sim:delay=30]");

        var announced = capture.Chunks.Single(chunk => chunk.Type == "data-session-title");
        announced.Json.GetProperty("data").GetProperty("title").GetString().Should().Be("Plan a weekend trip to Lisbon");
        var listed = await user.Http.GetFromJsonAsync<JsonElement>("/api/chat/sessions");
        listed.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == session)
            .GetProperty("title").GetString().Should().Be("Plan a weekend trip to Lisbon");
    }

    [Fact]
    public async Task A_title_the_user_set_is_never_replaced()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        (await user.Http.PatchAsJsonAsync($"/api/chat/sessions/{session}/title", new { title = "Mine" })).EnsureSuccessStatusCode();

        var capture = await user.ChatAsync(session, "Plan a weekend trip to Lisbon [sim:long=30] [sim:delay=30]");

        capture.Chunks.Should().NotContain(chunk => chunk.Type == "data-session-title");
        (await user.GetSessionAsync(session)).GetProperty("title").GetString().Should().Be("Mine");
    }

    [Fact]
    public async Task A_later_turn_does_not_rename_a_titled_chat()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        await user.ChatAsync(session, "First question about gardens [sim:ttft=0] [sim:delay=0]");
        await Eventually.TrueAsync(async () => (await user.GetSessionAsync(session)).GetProperty("title").GetString() is not null, Soon);

        var capture = await user.ChatAsync(session, "Something else entirely now [sim:long=30] [sim:delay=30]");

        capture.Chunks.Should().NotContain(chunk => chunk.Type == "data-session-title");
        (await user.GetSessionAsync(session)).GetProperty("title").GetString().Should().Be("First question about gardens");
    }
}
