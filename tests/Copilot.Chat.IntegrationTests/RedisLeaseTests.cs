using Copilot.Chat.Redis;
using StackExchange.Redis;

namespace Copilot.Chat.IntegrationTests;

public sealed class RedisLeaseTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private readonly IDatabase _db = state.Redis.GetDatabase();

    private static RedisKey NewKey() => $"test:lease:{Guid.NewGuid():N}";

    [Fact]
    public async Task Only_one_owner_holds_the_key()
    {
        var key = NewKey();

        var first = await RedisLease.TryAcquireAsync(_db, key, "a", TimeSpan.FromSeconds(10));
        var second = await RedisLease.TryAcquireAsync(_db, key, "b", TimeSpan.FromSeconds(10));

        first.Should().NotBeNull();
        second.Should().BeNull();
    }

    [Fact]
    public async Task A_lease_lapses_by_itself_after_its_duration()
    {
        var key = NewKey();

        await RedisLease.TryAcquireAsync(_db, key, "a", TimeSpan.FromSeconds(10));

        (await _db.KeyTimeToLiveAsync(key)).Should().BeCloseTo(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), "Redis expires a lease nobody renews");
    }

    [Fact]
    public async Task A_previous_owner_cannot_release_a_successors_lease()
    {
        var key = NewKey();
        var stale = (await RedisLease.TryAcquireAsync(_db, key, "old", TimeSpan.FromSeconds(10)))!;
        await _db.LapseAsync(key);
        var current = (await RedisLease.TryAcquireAsync(_db, key, "new", TimeSpan.FromSeconds(10)))!;

        (await stale.ReleaseAsync()).Should().BeFalse();
        (await _db.StringGetAsync(key)).ToString().Should().Be(current.Token);
    }

    [Fact]
    public async Task Waiting_acquire_gets_the_key_once_it_is_released()
    {
        var key = NewKey();
        var holder = (await RedisLease.TryAcquireAsync(_db, key, "a", TimeSpan.FromSeconds(10)))!;

        // Its first attempt is on the connection ahead of the release, so it fails and the waiter has to try again.
        var waiting = RedisLease.AcquireAsync(_db, key, "b", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), CancellationToken.None);
        await holder.ReleaseAsync();

        (await waiting).Should().NotBeNull();
    }

    [Fact]
    public async Task Waiting_acquire_gives_up_after_its_wait()
    {
        var key = NewKey();
        await RedisLease.TryAcquireAsync(_db, key, "a", TimeSpan.FromSeconds(10));

        var lease = await RedisLease.AcquireAsync(_db, key, "b", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300), CancellationToken.None);

        lease.Should().BeNull();
    }
}
