using Copilot.Chat.FollowUps;
using Copilot.Chat.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Copilot.Chat.IntegrationTests;

public sealed class FollowUpBufferTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private static FollowUp Message(string text) => new(text, [], null, 1_700_000_000);

    [Fact]
    public async Task A_claim_returns_the_queue_in_order_and_a_confirmed_claim_leaves_nothing_waiting()
    {
        var session = Guid.NewGuid();
        var turn = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            (await state.FollowUps.PushAsync(session, Message($"msg {i}"))).Should().Be(i + 1);
        }

        var claim = await state.FollowUps.ClaimAsync(session, turn);
        (await state.FollowUps.PeekAsync(session)).Should().HaveCount(3, "claimed but not yet stored, they still wait");
        await state.FollowUps.ConfirmAsync(session, turn);

        claim.Queued.Select(m => m.Content).Should().Equal("msg 0", "msg 1", "msg 2");
        claim.Unconfirmed.Should().BeEmpty();
        (await state.FollowUps.PeekAsync(session)).Should().BeEmpty();
        (await state.FollowUps.ClaimAsync(session, Guid.NewGuid())).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task Returned_follow_ups_are_claimed_again_in_the_order_they_were_typed_ahead_of_newer_ones()
    {
        var session = Guid.NewGuid();
        var turn = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, new FollowUp("first", [], null, 100));
        await state.FollowUps.PushAsync(session, new FollowUp("second", [], null, 200));
        await state.FollowUps.ClaimAsync(session, turn);
        await state.FollowUps.PushAsync(session, new FollowUp("typed meanwhile", [], null, 300));

        await state.FollowUps.ReturnAsync(session, turn);

        var again = await state.FollowUps.ClaimAsync(session, turn);
        again.Queued.Select(m => m.Content).Should().Equal("first", "second", "typed meanwhile");
        again.Unconfirmed.Should().BeEmpty();
    }

    [Fact]
    public async Task A_claim_its_turn_never_confirmed_goes_to_the_next_claim_with_the_turn_that_held_it()
    {
        var session = Guid.NewGuid();
        var died = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, new FollowUp("taken by a worker that died", [], null, 100));
        await state.FollowUps.ClaimAsync(session, died);
        await state.FollowUps.PushAsync(session, new FollowUp("typed later", [], null, 200));

        var next = await state.FollowUps.ClaimAsync(session, Guid.NewGuid());

        next.Unconfirmed.Select(m => m.Content).Should().Equal("taken by a worker that died");
        next.UnconfirmedBy.Should().Be(died);
        next.Queued.Select(m => m.Content).Should().Equal("typed later");
    }

    [Fact]
    public async Task Only_the_turn_that_owns_a_claim_can_confirm_or_return_it()
    {
        var session = Guid.NewGuid();
        var fencedOff = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, Message("kept"));
        await state.FollowUps.ClaimAsync(session, fencedOff);
        var owner = Guid.NewGuid();
        await state.FollowUps.ClaimAsync(session, owner);

        await state.FollowUps.ConfirmAsync(session, fencedOff);
        await state.FollowUps.ReturnAsync(session, fencedOff);

        (await state.FollowUps.PeekAsync(session)).Select(m => m.Content).Should().Equal("kept");
        (await state.FollowUps.RemoveAsync(session, "kept")).Should().BeNull("a claimed follow-up is being delivered, not queued");
    }

    [Fact]
    public async Task Remove_takes_out_only_the_newest_entry_with_that_text()
    {
        var session = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, new FollowUp("same", ["file-a"], null, 100));
        await state.FollowUps.PushAsync(session, new FollowUp("other", [], null, 200));
        await state.FollowUps.PushAsync(session, new FollowUp("same", ["file-b"], null, 300));

        (await state.FollowUps.RemoveAsync(session, "same")).Should().Be(2, "two entries stay queued");
        (await state.FollowUps.RemoveAsync(session, "never queued")).Should().BeNull();

        var left = await state.FollowUps.PeekAsync(session);
        left.Select(m => (m.Content, m.FileIds.FirstOrDefault())).Should().Equal(("same", "file-a"), ("other", (string?)null));
    }

    [Fact]
    public async Task Remove_after_a_claim_finds_nothing()
    {
        var session = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, Message("delivered"));
        await state.FollowUps.ClaimAsync(session, Guid.NewGuid());

        (await state.FollowUps.RemoveAsync(session, "delivered")).Should().BeNull();
    }

    [Fact]
    public async Task Buffer_keeps_only_the_newest_ten()
    {
        var session = Guid.NewGuid();
        for (var i = 0; i < FollowUpBuffer.MaxMessages + 3; i++)
        {
            await state.FollowUps.PushAsync(session, Message($"m{i}"));
        }

        var drained = (await state.FollowUps.ClaimAsync(session, Guid.NewGuid())).Queued;

        drained.Should().HaveCount(10);
        drained[0].Content.Should().Be("m3");
        drained[^1].Content.Should().Be("m12");
    }

    [Fact]
    public async Task Peek_does_not_consume_and_keeps_context_and_files()
    {
        var session = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, new FollowUp("look", ["f1"], new FollowUpContext("https://example.test", "body"), 5));

        var peeked = await state.FollowUps.PeekAsync(session);
        var again = await state.FollowUps.PeekAsync(session);

        peeked.Should().BeEquivalentTo(again);
        peeked.Single().Context.Should().Be(new FollowUpContext("https://example.test", "body"));
        peeked.Single().FileIds.Should().Equal("f1");
    }

    [Fact]
    public async Task Malformed_entries_are_skipped_and_the_rest_kept()
    {
        var session = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, Message("good 1"));
        await state.Redis.GetDatabase().ListRightPushAsync(RedisKeys.FollowUps(session), "{not json");
        await state.FollowUps.PushAsync(session, Message("good 2"));

        (await state.FollowUps.ClaimAsync(session, Guid.NewGuid())).Queued.Select(m => m.Content).Should().Equal("good 1", "good 2");
    }

    [Fact]
    public async Task Buffer_expires_after_an_hour()
    {
        var session = Guid.NewGuid();
        await state.FollowUps.PushAsync(session, Message("x"));

        var ttl = await state.Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.FollowUps(session));

        ttl!.Value.Should().BeCloseTo(FollowUpBuffer.Ttl, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Push_wakes_the_running_turn()
    {
        var session = Guid.NewGuid();
        var woken = new TaskCompletionSource<string>();
        var subscriber = state.Redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisKeys.FollowUpNotify(session), (_, value) => woken.TrySetResult(value.ToString()));

        await state.FollowUps.PushAsync(session, Message("wake up"));

        (await woken.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be("1");
    }

    [Fact]
    public async Task Queue_calls_are_counted_per_user_across_sessions_in_a_fixed_window()
    {
        var user = $"user-{Guid.NewGuid():N}";
        long last = 0;
        for (var i = 0; i < FollowUpBuffer.CallLimit + 1; i++)
        {
            last = await state.FollowUps.CountQueueCallAsync(user);
        }

        last.Should().Be(FollowUpBuffer.CallLimit + 1);
        var ttl = await state.Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.FollowUpCalls(user));
        ttl!.Value.Should().BeLessThanOrEqualTo(FollowUpBuffer.CallWindow);
    }

    [Fact]
    public async Task The_queue_call_limit_fails_open_when_Redis_cannot_be_reached()
    {
        // Nothing listens on port 1: every command fails fast instead of waiting for a server.
        var unreachable = ConfigurationOptions.Parse("127.0.0.1:1");
        unreachable.AbortOnConnectFail = false;
        unreachable.ConnectTimeout = 200;
        unreachable.BacklogPolicy = BacklogPolicy.FailFast;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(unreachable);
        var buffer = new FollowUpBuffer(redis, NullLogger<FollowUpBuffer>.Instance);

        var count = await buffer.CountQueueCallAsync("user-without-redis");

        count.Should().Be(0, "a rate limiter that cannot count must not take chat down with it");
    }
}
