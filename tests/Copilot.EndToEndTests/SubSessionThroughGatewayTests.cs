using System.Net;
using System.Text.Json;
using Copilot.Chat.Redis;
using Copilot.Testing;
using StackExchange.Redis;

namespace Copilot.EndToEndTests;

[Collection(GatewayStackCollection.Name)]
public sealed class SubSessionThroughGatewayTests(GatewayStackFixture fixture)
{
    [Fact]
    public async Task A_parent_turn_delegates_to_a_child_on_another_executor_and_answers_with_its_result()
    {
        using var user = fixture.NewUser();
        using var stranger = fixture.NewUser();
        var parent = await user.CreateSessionAsync();
        var delegation = JsonSerializer.Serialize(new { prompt = "summarise the quarterly numbers", wait_for_result = 60 });

        using var response = await user.SendAsync(parent, $"please delegate [sim:tool=run_sub_session:{delegation}]");
        // The child turn runs within the parent's, so the whole answer takes longer than one turn's patience.
        var capture = await SseReader.ReadAllAsync(response, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        var output = capture.Chunks.Single(e => e.Type == "tool-output-available").Json.GetProperty("output").GetString()!;
        var status = JsonDocument.Parse(output).RootElement;
        status.GetProperty("status").GetString().Should().Be("completed");
        var child = status.GetProperty("sub_session_id").GetGuid();
        capture.Text.Should().Contain("summarise the quarterly numbers", "the parent's answer carries the child's result");

        var childView = await user.GetSessionAsync(child);
        var childMessages = childView.GetProperty("messages").EnumerateArray().ToList();
        childMessages.Select(m => m.GetProperty("role").GetString()).Should().Equal("user", "assistant");
        childMessages[1].GetProperty("content").GetString().Should().Be(status.GetProperty("response").GetString());
        (await stranger.Http.GetAsync($"/api/chat/sessions/{child}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var parentWorker = await WorkerOfAsync(fixture.Redis, parent);
        var childWorker = await WorkerOfAsync(fixture.Redis, child);
        childWorker.Should().NotBe(parentWorker, "with two executors running, the queued child turn goes to the replica not busy with the parent");
    }

    /// <summary>The executor process that ran the session's last turn: its lease token is "machine-pid:nonce".</summary>
    private static async Task<string> WorkerOfAsync(IConnectionMultiplexer redis, Guid session)
    {
        var owner = (string?)await redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "owner");
        owner.Should().NotBeNullOrEmpty();
        return owner![..owner!.LastIndexOf(':')];
    }
}
