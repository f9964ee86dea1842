using Copilot.Chat.Redis;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary>Runs last in its own stack: it kills the executor.</summary>
public sealed class CrashTests : IAsyncLifetime
{
    private readonly ExecutorStackFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Killing_the_executor_mid_turn_ends_the_turn_within_two_leases_and_the_client_stream_terminates()
    {
        using var user = _fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "long story [sim:long=400] [sim:delay=30]");
        var deltas = 0;
        var killedAt = DateTime.MaxValue;
        Task? replacement = null;
        var capture = await ChatClient.ReadAsync(running, e =>
        {
            if (e.Type == "text-delta" && ++deltas == 3)
            {
                _fixture.Stack.Executors[0].Kill();
                killedAt = DateTime.UtcNow;
                replacement = _fixture.Stack.StartExecutorAsync(_fixture.Options, replica: 1);
            }

            return false;
        });
        capture.Chunks.Where(e => e.Type == "error").Select(e => e.Data).Should().NotBeEmpty();
        replacement.Should().NotBeNull($"the turn should have streamed text before the kill; got {string.Join(",", capture.Types)} / {string.Join(" ", capture.Chunks.Where(e => e.Type == "error").Select(e => e.Data))}");
        await replacement!;

        capture.Types.Should().EndWith(["error", "finish", null]);
        // Whichever comes first ends it: the replacement worker (the dead one's lease lapsed) or the stuck-turn watchdog.
        capture.Chunks.Single(e => e.Type == "error").Json.GetProperty("errorText").GetString()
            .Should().BeOneOf(
                "The worker running this turn stopped unexpectedly. Please send your message again.",
                "This turn stopped responding and was ended. Please try again.");
        (DateTime.UtcNow - killedAt).Should().BeLessThan(2 * ExecutorStackFixture.Lease + TimeSpan.FromSeconds(15),
            "the replacement takes over once the dead worker's lease lapses (plus its own start-up)");
        (await _fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "status")).ToString().Should().Be("failed");
        capture.Chunks.Select(e => e.Id).Should().OnlyHaveUniqueItems("nothing the client already saw is replayed");
        var next = await user.ChatAsync(session, "still there?");
        next.Text.Should().Contain("still there?");
    }
}
