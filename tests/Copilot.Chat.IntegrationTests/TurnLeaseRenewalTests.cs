using Copilot.Chat.Redis;
using Copilot.Chat.Turns;
using StackExchange.Redis;

namespace Copilot.Chat.IntegrationTests;

/// <summary>The executor's session lease is renewed only for the worker that still owns the running turn.</summary>
public sealed class TurnLeaseRenewalTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private readonly TurnStore _turns = state.Turns;
    private readonly IDatabase _db = state.Redis.GetDatabase();

    private async Task<(Guid Session, Guid Turn, RedisLease Lease)> ClaimedTurnAsync(TimeSpan lease)
    {
        var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
        (await _turns.TryCreateTurnAsync(session, turn, "user-1", "chat")).Should().BeTrue();
        var held = (await RedisLease.TryAcquireAsync(_db, RedisKeys.SessionLock(session), "worker", lease))!;
        (await _turns.ClaimTurnAsync(session, turn, held.Token)).Should().BeTrue();
        return (session, turn, held);
    }

    [Fact]
    public async Task The_owner_of_the_running_turn_extends_its_lease()
    {
        var (session, turn, lease) = await ClaimedTurnAsync(TimeSpan.FromSeconds(5));
        await _db.UseUpAllButAsync(lease.Key, TimeSpan.FromSeconds(1));

        (await _turns.RenewTurnLeaseAsync(session, turn, lease)).Should().BeTrue();

        (await _db.StringGetAsync(lease.Key)).ToString().Should().Be(lease.Token);
        (await _db.KeyTimeToLiveAsync(lease.Key)).Should().BeGreaterThan(TimeSpan.FromSeconds(4), "renewed to a whole lease; unrenewed, a second at most was left");
    }

    [Fact]
    public async Task A_lease_that_lapsed_unclaimed_is_taken_back_while_its_worker_still_owns_the_turn()
    {
        var (session, turn, lease) = await ClaimedTurnAsync(TimeSpan.FromSeconds(10));
        await _db.LapseAsync(lease.Key);

        (await _turns.RenewTurnLeaseAsync(session, turn, lease)).Should().BeTrue();

        (await _db.StringGetAsync(lease.Key)).ToString().Should().Be(lease.Token);
        (await _db.KeyTimeToLiveAsync(lease.Key)).Should().BeGreaterThan(TimeSpan.FromSeconds(8), "taken back as a whole lease, not for good");
    }

    [Fact]
    public async Task A_worker_whose_turn_was_ended_elsewhere_does_not_take_the_lock_back()
    {
        var (session, turn, lease) = await ClaimedTurnAsync(TimeSpan.FromSeconds(10));
        (await _turns.MarkCompletedAsync(session, turn, "ended by the watchdog")).Should().BeTrue();

        (await _turns.RenewTurnLeaseAsync(session, turn, lease)).Should().BeFalse();

        (await _db.KeyExistsAsync(lease.Key)).Should().BeFalse("the ended turn's lock stays free for the session's next turn");
    }

    [Fact]
    public async Task A_worker_cannot_renew_a_lock_someone_else_holds()
    {
        var (session, turn, lease) = await ClaimedTurnAsync(TimeSpan.FromSeconds(10));
        await _db.LapseAsync(lease.Key);
        var successor = (await RedisLease.TryAcquireAsync(_db, lease.Key, "successor", TimeSpan.FromSeconds(10)))!;

        (await _turns.RenewTurnLeaseAsync(session, turn, lease)).Should().BeFalse();

        (await _db.StringGetAsync(lease.Key)).ToString().Should().Be(successor.Token);
    }

    [Fact]
    public async Task A_lease_whose_token_is_not_the_turns_owner_is_not_renewed()
    {
        var (session, turn, owned) = await ClaimedTurnAsync(TimeSpan.FromSeconds(10));
        await _db.LapseAsync(owned.Key);
        var stranger = (await RedisLease.TryAcquireAsync(_db, RedisKeys.SessionLock(session), "stranger", TimeSpan.FromSeconds(10)))!;
        await _db.LapseAsync(stranger.Key);

        (await _turns.RenewTurnLeaseAsync(session, turn, stranger)).Should().BeFalse();

        (await _db.KeyExistsAsync(stranger.Key)).Should().BeFalse();
    }
}
