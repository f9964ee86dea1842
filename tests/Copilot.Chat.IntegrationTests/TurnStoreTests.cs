using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Microsoft.Extensions.Time.Testing;

namespace Copilot.Chat.IntegrationTests;

public sealed class TurnStoreTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private readonly TurnStore _turns = state.Turns;

    private async Task<(Guid Session, Guid Turn)> StartTurnAsync(TurnStore? turns = null)
    {
        var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
        (await (turns ?? _turns).TryCreateTurnAsync(session, turn, "user-1", "chat")).Should().BeTrue();
        return (session, turn);
    }

    [Fact]
    public async Task Created_turn_is_running_with_its_meta()
    {
        var (session, turn) = await StartTurnAsync();

        var meta = await _turns.GetMetaAsync(session);

        meta.Should().NotBeNull();
        meta!.TurnId.Should().Be(turn);
        meta.IsRunning.Should().BeTrue();
        meta.UserId.Should().Be("user-1");
        meta.Origin.Should().Be("chat");
    }

    [Fact]
    public async Task Published_chunks_are_stored_in_order()
    {
        var (session, turn) = await StartTurnAsync();

        var first = await _turns.PublishAsync(session, turn, new TextDeltaChunk("t", "a"));
        var second = await _turns.PublishAsync(session, turn, new TextDeltaChunk("t", "b"));

        first.Should().NotBeNull();
        (second!.Value > first!.Value).Should().BeTrue();
        var stored = await state.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turn));
        stored.Select(e => e["d"].ToString()).Should().Equal(
            new TextDeltaChunk("t", "a").ToJson(), new TextDeltaChunk("t", "b").ToJson());
    }

    [Fact]
    public async Task Completion_is_won_once_and_only_the_winner_writes_the_finish()
    {
        var (session, turn) = await StartTurnAsync();

        var first = await _turns.MarkCompletedAsync(session, turn, null);
        var second = await _turns.MarkCompletedAsync(session, turn, "late error");

        first.Should().BeTrue();
        second.Should().BeFalse();
        var stored = await state.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turn));
        stored.Select(e => e["d"].ToString()).Should().Equal(new FinishChunk().ToJson());
        (await _turns.GetMetaAsync(session))!.Status.Should().Be(TurnStatus.Completed);
    }

    [Fact]
    public async Task Failing_a_turn_writes_error_then_finish()
    {
        var (session, turn) = await StartTurnAsync();

        (await _turns.MarkCompletedAsync(session, turn, "Cancelled")).Should().BeTrue();

        var stored = await state.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turn));
        stored.Select(e => e["d"].ToString()).Should().Equal(new ErrorChunk("Cancelled").ToJson(), new FinishChunk().ToJson());
        (await _turns.GetMetaAsync(session))!.Status.Should().Be(TurnStatus.Failed);
    }

    [Fact]
    public async Task Completing_force_releases_the_session_lock()
    {
        var (session, turn) = await StartTurnAsync();
        var db = state.Redis.GetDatabase();
        await db.StringSetAsync(RedisKeys.SessionLock(session), "worker-token");

        await _turns.MarkCompletedAsync(session, turn, null);

        (await db.KeyExistsAsync(RedisKeys.SessionLock(session))).Should().BeFalse();
    }

    [Fact]
    public async Task A_lost_completion_leaves_the_lock_alone()
    {
        var (session, turn) = await StartTurnAsync();
        await _turns.MarkCompletedAsync(session, turn, null);
        var db = state.Redis.GetDatabase();
        await db.StringSetAsync(RedisKeys.SessionLock(session), "next-turn-worker");

        (await _turns.MarkCompletedAsync(session, turn, null)).Should().BeFalse();

        (await db.StringGetAsync(RedisKeys.SessionLock(session))).ToString().Should().Be("next-turn-worker");
    }

    [Fact]
    public async Task Writes_after_the_turn_ended_are_fenced_off()
    {
        var (session, turn) = await StartTurnAsync();
        await _turns.MarkCompletedAsync(session, turn, null);

        var late = await _turns.PublishAsync(session, turn, new TextDeltaChunk("t", "late"));

        late.Should().BeNull();
        var stored = await state.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turn));
        stored.Should().ContainSingle("only the finish chunk may follow the end of a turn");
    }

    [Fact]
    public async Task A_running_turn_cannot_be_replaced()
    {
        var (session, running) = await StartTurnAsync();

        (await _turns.TryCreateTurnAsync(session, Guid.NewGuid(), "user-1", "chat")).Should().BeFalse();

        (await _turns.GetMetaAsync(session))!.TurnId.Should().Be(running);
    }

    [Fact]
    public async Task A_superseded_turn_cannot_write_or_complete()
    {
        var (session, oldTurn) = await StartTurnAsync();
        await _turns.MarkCompletedAsync(session, oldTurn, null);
        (await _turns.TryCreateTurnAsync(session, Guid.NewGuid(), "user-1", "chat")).Should().BeTrue();

        (await _turns.PublishAsync(session, oldTurn, new TextDeltaChunk("t", "x"))).Should().BeNull();
        (await _turns.MarkCompletedAsync(session, oldTurn, null)).Should().BeFalse();
        (await _turns.GetMetaAsync(session))!.IsRunning.Should().BeTrue();
    }

    [Fact]
    public async Task Once_claimed_only_the_owner_may_write_or_complete()
    {
        var (session, turn) = await StartTurnAsync();
        (await _turns.ClaimTurnAsync(session, turn, "worker-b")).Should().BeTrue();

        (await _turns.PublishAsync(session, turn, new TextDeltaChunk("t", "stale"), owner: "worker-a")).Should().BeNull();
        (await _turns.MarkCompletedAsync(session, turn, null, owner: "worker-a")).Should().BeFalse();
        (await _turns.PublishAsync(session, turn, new TextDeltaChunk("t", "fresh"), owner: "worker-b")).Should().NotBeNull();
        (await _turns.MarkCompletedAsync(session, turn, null, owner: "worker-b")).Should().BeTrue();
    }

    [Fact]
    public async Task Idle_running_turns_are_found_and_ended_turns_are_not()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var turns = state.NewTurnStore(new TurnStoreOptions(), clock);
        var (idle, _) = await StartTurnAsync(turns);
        var (ended, endedTurn) = await StartTurnAsync(turns);
        await turns.MarkCompletedAsync(ended, endedTurn, null);
        clock.Advance(TimeSpan.FromMinutes(1));

        var found = await turns.FindIdleTurnsAsync(TimeSpan.FromSeconds(30));

        found.Should().Contain(idle).And.NotContain(ended);
        (await turns.FindIdleTurnsAsync(TimeSpan.FromMinutes(5))).Should().NotContain(idle);
        (await turns.IsStillIdleAsync(idle, TimeSpan.FromSeconds(30))).Should().BeTrue();
    }

    [Fact]
    public async Task A_turn_that_writes_is_no_longer_idle()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var turns = state.NewTurnStore(new TurnStoreOptions(), clock);
        var (session, turn) = await StartTurnAsync(turns);
        clock.Advance(TimeSpan.FromMinutes(1));

        await turns.PublishAsync(session, turn, new TextDeltaChunk("t", "still here"));

        (await turns.FindIdleTurnsAsync(TimeSpan.FromSeconds(30))).Should().NotContain(session);
        (await turns.IsStillIdleAsync(session, TimeSpan.FromSeconds(30))).Should().BeFalse("a sweep that found it idle earlier must not end it now");
    }

    [Fact]
    public async Task Completed_turn_keeps_its_chunks_for_the_configured_ttl()
    {
        var turns = state.NewTurnStore(new TurnStoreOptions { CompletedTtl = TimeSpan.FromMinutes(5) });
        var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
        await turns.TryCreateTurnAsync(session, turn, "u", "chat");

        await turns.MarkCompletedAsync(session, turn, null);

        var ttl = await state.Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.TurnStream(turn));
        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeCloseTo(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Session_list_status_is_read_for_many_sessions_at_once()
    {
        var (running, _) = await StartTurnAsync();
        var (finished, finishedTurn) = await StartTurnAsync();
        await _turns.MarkCompletedAsync(finished, finishedTurn, null);
        var unknown = Guid.NewGuid();

        var status = await _turns.AreRunningAsync([running, finished, unknown]);

        status.Should().BeEquivalentTo(new Dictionary<Guid, bool> { [running] = true, [finished] = false, [unknown] = false });
    }
}
