using System.Net;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Testing;

namespace Copilot.ChatApi.IntegrationTests;

[Collection(ChatStackCollection.Name)]
public sealed class StreamResumeTests(ChatStackFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Resuming_with_last_event_id_after_the_turn_ended_replays_the_rest_of_it()
    {
        using var user = ChatUser.New(fixture);
        var session = await user.CreateSessionAsync();
        using var first = await user.SendAsync(session, new { message = "count [sim:long=20] [sim:delay=5]" });
        var deltas = 0;
        var head = await SseReader.ReadAllAsync(first, new CancellationTokenSource(Patience).Token,
            stopAfter: e => e.Type == "text-delta" && ++deltas == 3);
        first.Dispose();
        var deadline = DateTime.UtcNow + Patience;
        while (await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "status") == TurnStatus.Running)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the turn ends while its client is away");
            await Task.Delay(50);
        }

        var resume = new HttpRequestMessage(HttpMethod.Get, $"/api/chat/sessions/{session}/stream");
        resume.Headers.Add("Last-Event-ID", head.Events[^1].Id);
        using var resumed = await user.Http.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead);
        resumed.StatusCode.Should().Be(HttpStatusCode.OK, "a client cut off just before the end still gets the rest");
        var tail = await SseReader.ReadAllAsync(resumed, new CancellationTokenSource(Patience).Token);

        var turnId = Guid.Parse(head.Chunks.First(e => e.Type == "start").Json.GetProperty("messageId").GetString()!);
        var stored = await fixture.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turnId));
        head.Chunks.Concat(tail.Chunks).Select(e => e.Id).Should().Equal(stored.Select(e => e.Id.ToString()), "no gap, no repeat");
        tail.Types.Should().EndWith(["finish", null]);
        (await user.Http.GetAsync($"/api/chat/sessions/{session}/stream")).StatusCode
            .Should().Be(HttpStatusCode.NoContent, "without Last-Event-ID there is nothing to continue");
    }
}
