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
}
