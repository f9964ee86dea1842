using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Redis;
using Copilot.Chat.Turns;
using Copilot.FaultInjection.Tests.Support;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Copilot.FaultInjection.Tests;

/// <summary>
/// A worker killed between two writes that must both happen — found by the chaos soak (seed 19), where the kill's
/// timing is luck. Here the dead worker's first write is made by the test itself, and nobody makes the second, so the
/// window is hit every time.
/// </summary>
[Collection(FaultStackCollection.Name)]
public sealed class WorkerDeathWindowTests(FaultStackFixture fixture)
{
    private TurnStore Turns => new(fixture.Redis, Options.Create(new TurnStoreOptions()), TimeProvider.System, NullLogger<TurnStore>.Instance);

    private FollowUpBuffer FollowUps => new(fixture.Redis, NullLogger<FollowUpBuffer>.Instance);

    /// <summary>
    /// Accepted with 202, then taken by a turn whose worker died before storing it (session A) or after storing it but
    /// before saying so (session B): the turn that answers the session's follow-ups stores it exactly once.
    /// </summary>
    [Fact]
    public async Task A_follow_up_taken_by_a_worker_that_died_is_stored_once_and_answered_by_the_next_turn()
    {
        using var user = new ResumingClient(fixture.Stack);
        var beforeStoring = await DeadWorkerTookFollowUpAsync(user, "asked before the crash [sim:ttft=0]", storedBeforeDying: false);
        var afterStoring = await DeadWorkerTookFollowUpAsync(user, "asked before the late crash [sim:ttft=0]", storedBeforeDying: true);

        // Nobody sends anything else: the watchdog ends each dead turn, and that end starts the turn for its follow-ups.
        foreach (var (session, text) in new[] { beforeStoring, afterStoring })
        {
            await Eventually.TrueAsync(async () => await AnsweredAsync(session, text),
                FaultStackFixture.IdleTimeout + TimeSpan.FromSeconds(60), $"the follow-up '{text}' to be answered (logs: {fixture.Log.Path})");
            (await UserRowsAsync(session, text)).Should().Be(1, "the follow-up is one message, stored once");
        }
    }

    /// <summary>
    /// A worker ended its turn and died before telling usage: the turn's reservation is released anyway, by the
    /// executors' sweep, instead of holding the user's budget until its TTL.
    /// </summary>
    [Fact]
    public async Task A_turn_ended_by_a_worker_that_died_before_announcing_it_has_its_reservation_released()
    {
        var userId = $"fault-{Guid.NewGuid():N}";
        var session = Guid.NewGuid();
        var turn = Guid.NewGuid();
        using var usage = fixture.Stack.Usage!.CreateClient();
        usage.DefaultRequestHeaders.Add("X-Internal-Api-Key", CopilotStack.InternalApiKey);
        (await usage.GetAsync($"/internal/usage/{userId}/admission?turn_id={turn}")).EnsureSuccessStatusCode();
        var reserved = $"copilot:cost:reserved:{userId}";
        (await fixture.Redis.GetDatabase().HashExistsAsync(reserved, turn.ToString("D"))).Should().BeTrue("admission reserves the turn's estimate");

        // The dead worker's last act: the end itself. Its announcement never happens.
        (await Turns.TryCreateTurnAsync(session, turn, userId, TurnOrigins.Chat)).Should().BeTrue();
        (await Turns.MarkCompletedAsync(session, turn, errorText: null)).Should().BeTrue();

        await Eventually.TrueAsync(async () => !await fixture.Redis.GetDatabase().HashExistsAsync(reserved, turn.ToString("D")),
            FaultStackFixture.UnannouncedEndGrace + TimeSpan.FromSeconds(30), $"the reservation to be released (logs: {fixture.Log.Path})");
        (await fixture.Redis.GetDatabase().SortedSetScoreAsync(RedisKeys.UnannouncedTurnEnds, new UnannouncedTurnEnd(turn, userId).ToMember()))
            .Should().BeNull("a released end is no longer listed as unannounced");
    }

    /// <returns>The session and the follow-up's text as it is stored.</returns>
    private async Task<(Guid Session, string Text)> DeadWorkerTookFollowUpAsync(ResumingClient user, string text, bool storedBeforeDying)
    {
        var session = await user.CreateSessionAsync();
        var deadTurn = Guid.NewGuid();
        (await Turns.TryCreateTurnAsync(session, deadTurn, user.UserId, TurnOrigins.Chat)).Should().BeTrue();
        var followUp = new TurnTranscript(session, text);
        await user.SendAsync(followUp);
        followUp.End.Should().Be(TranscriptEnd.Queued, "a message sent while a turn runs is queued as its follow-up");

        var claim = await FollowUps.ClaimAsync(session, deadTurn);
        var stored = FollowUpPrompt.AsUserMessage(claim.Queued.Should().ContainSingle().Subject);
        if (storedBeforeDying)
        {
            await using var db = NewDbContext();
            await new ChatHistory(db, TimeProvider.System).AppendAsync(session,
                [new ChatMessage { Role = ChatRoles.User, Content = stored, TurnId = deadTurn }], CancellationToken.None);
        }

        fixture.Log.Mark($"worker of turn {deadTurn} (session {session}) died after claiming its follow-up{(storedBeforeDying ? " and storing it" : "")}");
        return (session, stored);
    }

    private async Task<bool> AnsweredAsync(Guid session, string text)
    {
        await using var db = NewDbContext();
        var rows = await db.Messages.AsNoTracking().Where(m => m.SessionId == session).OrderBy(m => m.Sequence).ToListAsync();
        var asked = rows.FindIndex(row => row.Role == ChatRoles.User && row.Content == text);
        // The simulator answers with the message it was asked (the text before its markers).
        var question = text[..text.IndexOf(" [sim:", StringComparison.Ordinal)];
        return asked >= 0 && rows.Skip(asked + 1).Any(row => row.Role == ChatRoles.Assistant && row.Content?.Contains(question) == true);
    }

    private async Task<int> UserRowsAsync(Guid session, string text)
    {
        await using var db = NewDbContext();
        return await db.Messages.CountAsync(m => m.SessionId == session && m.Role == ChatRoles.User && m.Content == text);
    }

    private ChatDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(fixture.Stack.ChatDatabase).UseSnakeCaseNamingConvention().Options);
}
