using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Chat.Redis;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

[Collection(ExecutorStackCollection.Name)]
public sealed class ResilienceTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task A_turn_whose_stream_goes_silent_is_ended_by_the_watchdog()
    {
        using var user = new Chatter(fixture);
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "[sim:hang]");

        var capture = await SseReader.ReadAllAsync(running, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        capture.Types.Should().EndWith(["error", "finish", null]);
        (await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "status")).ToString().Should().Be("failed");
        var next = await user.ChatAsync(session, "hello again");
        next.Chunks.Where(e => e.Type == "error").Select(e => e.Data).Should().BeEmpty();
        next.Text.Should().Contain("hello again", "the stuck worker let go of the session");
    }

    [Fact]
    public async Task A_long_session_is_compacted_and_later_turns_send_the_summary_instead_of_everything()
    {
        using var user = new Chatter(fixture);
        var session = await user.CreateSessionAsync();
        for (var i = 0; i < 4; i++)
        {
            await user.ChatAsync(session, $"message {i} [sim:long=120] [sim:delay=0] [sim:ttft=0]");
        }

        var capture = await user.ChatAsync(session, "and now? [sim:ttft=0]");

        capture.Chunks.Where(e => e.Type == "tool-input-start").Select(e => e.Json.GetProperty("toolName").GetString())
            .Should().Contain("context_compaction");
        await using var db = fixture.NewDbContext();
        var summary = db.ContextSummaries.Single(s => s.SessionId == session);
        summary.Summary.Should().NotBeEmpty();
        summary.CoversThroughSequence.Should().BeGreaterThan(0);
        capture.Text.Should().Contain("and now?", "the turn itself still answers the current message");
    }
}
