using System.Diagnostics;
using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Executor.Turns;
using Copilot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.IntegrationTests;

/// <summary>How a turn takes, keeps and loses its session lock.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class SessionLeaseTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task A_turn_whose_session_lock_stays_held_past_a_lease_and_a_margin_fails_cleanly()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        var db = fixture.Redis.GetDatabase();
        await db.StringSetAsync(RedisKeys.SessionLock(session), "a-worker-that-never-lets-go", TimeSpan.FromSeconds(60));
        try
        {
            var clock = Stopwatch.StartNew();
            var capture = await user.ChatAsync(session, "hello [sim:ttft=0][sim:delay=0]");

            capture.Types.Should().Equal("error", "finish", null);
            capture.Chunks.First().Json.GetProperty("errorText").GetString().Should().Be(SessionLeases.SessionBusyText);
            clock.Elapsed.Should().BeGreaterThan(ExecutorStackFixture.Lease, "a dead worker's lock lapses within a lease, so the turn waits that long");
            (await db.HashGetAsync(RedisKeys.TurnMeta(session), "status")).ToString().Should().Be(TurnStatus.Failed);
            // The error card is stored just after the turn's end.
            await Eventually.TrueAsync(async () => (await fixture.HistoryAsync(session))[^1] == ("assistant", ChatMarkers.Error(SessionLeases.SessionBusyText)),
                ChatClient.Patience);
        }
        finally
        {
            await db.KeyDeleteAsync(RedisKeys.SessionLock(session));
        }

        (await user.ChatAsync(session, "again [sim:ttft=0][sim:delay=0]")).Types.Should().EndWith(["finish", null]);
    }

    [Fact]
    public async Task A_worker_whose_turn_was_ended_elsewhere_stops_it_and_never_takes_the_lock_back()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var command = await SleepingCommand.StartAsync(user, session);

        // What the watchdog or chat-api's Stop fallback does when the worker does not answer.
        var turns = new TurnStore(fixture.Redis, Options.Create(new TurnStoreOptions()), TimeProvider.System, NullLogger<TurnStore>.Instance);
        (await turns.MarkCompletedAsync(session, null, "ended elsewhere")).Should().BeTrue();
        (await command.Stream).Types.Should().EndWith(["error", "finish", null]);

        // The worker finds at its next renewal that the turn is no longer its own, and stops it.
        await Eventually.TrueAsync(() => ProcessTable.WithCommandLineContaining(command.Marker).Count == 0, ExecutorStackFixture.Lease);
        // Nothing announces a lock not taken: watched for a whole lease, three of the worker's renewal ticks.
        var db = fixture.Redis.GetDatabase();
        await Consistently.HoldsAsync(async () => (await db.KeyExistsAsync(RedisKeys.SessionLock(session))).Should().BeFalse("the ended turn's worker must not re-take the lock"),
            ExecutorStackFixture.Lease);
    }
}
