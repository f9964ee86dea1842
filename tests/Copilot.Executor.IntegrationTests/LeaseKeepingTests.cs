using Copilot.Chat.Data;
using Copilot.Chat.Redis;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Chat.Workspace;
using Copilot.Executor.Turns;
using Copilot.Testing;
using Copilot.Usage.Client;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary>
/// How a worker keeps the session lease of the turn it runs, on the stack's Redis but a fake clock: the renewal ticks
/// come from the worker's timer, so the test moves the clock instead of waiting a third of a lease for each.
/// </summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class LeaseKeepingTests(ExecutorStackFixture fixture) : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TurnStore _turns = new(fixture.Redis, Options.Create(new TurnStoreOptions()), TimeProvider.System, NullLogger<TurnStore>.Instance);
    private readonly ChatDbContext _db = fixture.NewDbContext();

    // Keeping a lease publishes nothing: a bus that is never started stands in for the broker.
    private readonly IBusControl _bus = Bus.Factory.CreateUsingInMemory(_ => { });

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task The_lease_is_renewed_at_a_third_of_its_duration_while_the_worker_owns_the_turn()
    {
        var (session, turn, lease) = await ClaimedTurnAsync();
        using var turnCancellation = new CancellationTokenSource();
        var keeping = NewLeases().KeepAsync(session, turn, lease, turnCancellation);
        // Most of the lease used up, so only a renewal can give it a whole lease again.
        await fixture.Redis.GetDatabase().KeyExpireAsync(lease.Key, TimeSpan.FromSeconds(5));

        _clock.Advance(Lease / 3);

        await Eventually.TrueAsync(async () => await fixture.Redis.GetDatabase().KeyTimeToLiveAsync(lease.Key) > TimeSpan.FromSeconds(20), Patience,
            "the tick to renew the lease");
        turnCancellation.IsCancellationRequested.Should().BeFalse("the worker still owns its turn");
        await turnCancellation.CancelAsync();
        await keeping.WaitAsync(Patience);
        // Ended as its worker would end it: the stack's watchdog must find no stray turn of a session that has no rows.
        await _turns.MarkCompletedAsync(session, turn, null, owner: lease.Token);
    }

    [Fact]
    public async Task A_worker_whose_turn_was_ended_elsewhere_cancels_it_at_its_next_tick_and_leaves_the_lock_free()
    {
        var (session, turn, lease) = await ClaimedTurnAsync();
        using var turnCancellation = new CancellationTokenSource();
        var keeping = NewLeases().KeepAsync(session, turn, lease, turnCancellation);
        (await _turns.MarkCompletedAsync(session, turn, "ended by the watchdog")).Should().BeTrue();
        turnCancellation.IsCancellationRequested.Should().BeFalse("nothing is checked before the next tick");

        _clock.Advance(Lease / 3);

        await keeping.WaitAsync(Patience);
        turnCancellation.IsCancellationRequested.Should().BeTrue("the worker must stop a turn that is no longer its own");
        (await fixture.Redis.GetDatabase().KeyExistsAsync(lease.Key)).Should().BeFalse("the ended turn's lock stays free for the session's next turn");
    }

    private SessionLeases NewLeases()
    {
        var history = new ChatHistory(_db, _clock);
        var admission = new AllowingAdmission();
        var closer = new TurnCloser(_turns, history, _bus, admission, _clock, NullLogger<TurnCloser>.Instance);
        var submitter = new TurnSubmitter(new SessionWriteLock(fixture.Redis, NullLogger<SessionWriteLock>.Instance), _turns, history,
            new FollowUpBuffer(fixture.Redis, NullLogger<FollowUpBuffer>.Instance), new WorkspaceFiles(_db, Options.Create(new WorkspaceOptions()), _clock),
            admission, _bus, closer, _clock, NullLogger<TurnSubmitter>.Instance);
        return new SessionLeases(fixture.Redis, _turns, new TurnEnder(closer, submitter, NullLogger<TurnEnder>.Instance), new ExecutorIdentity(),
            Options.Create(new ExecutorOptions()), _clock, NullLogger<SessionLeases>.Instance);
    }

    /// <summary>Keeping a lease asks usage nothing; a turn it ends has nothing to charge.</summary>
    private sealed class AllowingAdmission : ITurnAdmission
    {
        public Task<TurnAdmission> AdmitAsync(string userId, Guid turnId, CancellationToken cancellationToken) => Task.FromResult(TurnAdmission.Allow);

        public Task<TurnAdmission> ExtendAsync(string userId, Guid turnId, IReadOnlyList<TurnCharge> charges, CancellationToken cancellationToken) =>
            Task.FromResult(TurnAdmission.Allow);

        public Task<bool> ReleaseAsync(string userId, Guid turnId) => Task.FromResult(true);
    }

    private async Task<(Guid Session, Guid Turn, RedisLease Lease)> ClaimedTurnAsync()
    {
        var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
        (await _turns.TryCreateTurnAsync(session, turn, "user-1", "chat")).Should().BeTrue();
        var lease = (await RedisLease.TryAcquireAsync(fixture.Redis.GetDatabase(), RedisKeys.SessionLock(session), "test-worker", Lease))!;
        (await _turns.ClaimTurnAsync(session, turn, lease.Token)).Should().BeTrue();
        return (session, turn, lease);
    }
}
