using System.Net;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class StreamResumeTests(ChatStackFixture fixture)
{
    [Fact]
    public async Task Resuming_with_last_event_id_after_the_turn_ended_replays_the_rest_of_it()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var first = await user.SendAsync(session, new { message = "count [sim:long=20] [sim:delay=5]" });
        var deltas = 0;
        var head = await ChatClient.ReadAsync(first, stopAfter: e => e.Type == "text-delta" && ++deltas == 3);
        first.Dispose();
        await Eventually.TrueAsync(async () => await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "status") != TurnStatus.Running,
            ChatClient.Patience, "the turn to end while its client is away");

        using var resumed = await user.ResumeAsync(session, head.Events[^1].Id);
        resumed.StatusCode.Should().Be(HttpStatusCode.OK, "a client cut off just before the end still gets the rest");
        var tail = await ChatClient.ReadAsync(resumed);

        var turnId = Guid.Parse(head.Chunks.First(e => e.Type == "start").Json.GetProperty("messageId").GetString()!);
        var stored = await fixture.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turnId));
        head.Chunks.Concat(tail.Chunks).Select(e => e.Id).Should().Equal(stored.Select(e => e.Id.ToString()), "no gap, no repeat");
        tail.Types.Should().EndWith(["finish", null]);
        (await user.ResumeAsync(session)).StatusCode
            .Should().Be(HttpStatusCode.NoContent, "without Last-Event-ID there is nothing to continue");
    }
}
