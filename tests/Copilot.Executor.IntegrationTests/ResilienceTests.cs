using System.Net;
using Copilot.Chat.Redis;
using Copilot.Chat.Turns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

[Collection(ExecutorStackCollection.Name)]
public sealed class ResilienceTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task A_turn_whose_stream_goes_silent_is_ended_by_the_watchdog()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "[sim:hang]");

        var capture = await ChatClient.ReadAsync(running);

        capture.Types.Should().EndWith(["error", "finish", null]);
        (await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "status")).ToString().Should().Be("failed");
        var next = await user.ChatAsync(session, "hello again");
        next.Chunks.Where(e => e.Type == "error").Select(e => e.Data).Should().BeEmpty();
        next.Text.Should().Contain("hello again", "the stuck worker let go of the session");
    }

    [Fact]
    public async Task A_follow_up_queued_during_a_turn_whose_worker_is_gone_is_answered_once_the_watchdog_ends_it()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        // A turn recorded as running whose worker vanished: only the watchdog will ever end it.
        var turns = new TurnStore(fixture.Redis, Options.Create(new TurnStoreOptions()), TimeProvider.System, NullLogger<TurnStore>.Instance);
        (await turns.TryCreateTurnAsync(session, Guid.NewGuid(), user.UserId, "chat")).Should().BeTrue();

        using var queued = await user.SendAsync(session, "answer me after the hang [sim:ttft=0]");
        queued.StatusCode.Should().Be(HttpStatusCode.Accepted);

        // Nobody sends anything else: the watchdog's end starts the turn that answers the follow-up.
        await Eventually.TrueAsync(async () =>
        {
            var history = await fixture.HistoryAsync(session);
            var followUp = history.FindIndex(message => message.Role == "user" && message.Content?.Contains("answer me after the hang") == true);
            return followUp >= 0 && history.Skip(followUp + 1).Any(message => message.Role == "assistant" && message.Content?.Contains("answer me after the hang") == true);
        }, ChatClient.Patience + ExecutorStackFixture.IdleTimeout, "the follow-up to be answered");
    }
}
