using System.Net;
using System.Net.Http.Json;
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
        var gateway = fixture.Stack.Gateway!.BaseAddress;
        using var user = CopilotStack.CreateClient(gateway, $"e2e-{Guid.NewGuid():N}");
        using var stranger = CopilotStack.CreateClient(gateway, $"e2e-{Guid.NewGuid():N}");
        var created = await user.PostAsJsonAsync("/api/chat/sessions", new { });
        var parent = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var delegation = JsonSerializer.Serialize(new { prompt = "summarise the quarterly numbers", wait_for_result = 60 });

        using var response = await user.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/chat/sessions/{parent}/stream")
        {
            Content = JsonContent.Create(new { message = $"please delegate [sim:tool=run_sub_session:{delegation}]" }),
        }, HttpCompletionOption.ResponseHeadersRead);
        var capture = await SseReader.ReadAllAsync(response, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

        var output = capture.Chunks.Single(e => e.Type == "tool-output-available").Json.GetProperty("output").GetString()!;
        var status = JsonDocument.Parse(output).RootElement;
        status.GetProperty("status").GetString().Should().Be("completed");
        var child = status.GetProperty("sub_session_id").GetGuid();
        capture.Text.Should().Contain("summarise the quarterly numbers", "the parent's answer carries the child's result");

        var childView = await user.GetFromJsonAsync<JsonElement>($"/api/chat/sessions/{child}");
        var childMessages = childView.GetProperty("messages").EnumerateArray().ToList();
        childMessages.Select(m => m.GetProperty("role").GetString()).Should().Equal("user", "assistant");
        childMessages[1].GetProperty("content").GetString().Should().Be(status.GetProperty("response").GetString());
        (await stranger.GetAsync($"/api/chat/sessions/{child}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Stack.Infrastructure.RedisConnectionString);
        var parentWorker = await WorkerOfAsync(redis, parent);
        var childWorker = await WorkerOfAsync(redis, child);
        childWorker.Should().NotBe(parentWorker, "with two executors running, the queued child turn goes to the replica not busy with the parent");
    }

    /// <summary>The executor process that ran the session's last turn: its lease token is "machine-pid:nonce".</summary>
    private static async Task<string> WorkerOfAsync(ConnectionMultiplexer redis, Guid session)
    {
        var owner = (string?)await redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "owner");
        owner.Should().NotBeNullOrEmpty();
        return owner![..owner!.LastIndexOf(':')];
    }
}
