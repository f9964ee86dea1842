using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Messaging;
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

    private BrokerProbe Broker => new(fixture.Infrastructure.Servers.RabbitMQManagementUrl!, new Uri(fixture.Stack.RabbitMq).AbsolutePath.Trim('/'));

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
    /// A worker died mid-turn with a follow-up queued; the broker redelivers the turn, and the executor that takes it
    /// ends it as interrupted (chaos seed 23: the follow-up then waited, unanswered, for the user's next message). Like
    /// any worker's end, that end starts the turn that answers the follow-up.
    /// </summary>
    [Fact]
    public async Task A_follow_up_queued_during_a_turn_whose_worker_died_is_answered_once_the_redelivery_ends_it()
    {
        using var user = new ResumingClient(fixture.Stack);
        var (session, turn, followUp) = await TurnWithQueuedFollowUpAsync(user, "still there after the crash? [sim:ttft=0]");
        // The dead worker had started it: its first chunk is on the client's screen.
        (await Turns.PublishAsync(session, turn, new StartChunk(turn.ToString()))).Should().NotBeNull();

        await Broker.RedeliverAsync(QueueNames.RunCopilotTurn, TurnMessage(session, turn, user.UserId));

        await Eventually.TrueAsync(async () => await AnsweredAsync(session, followUp.Message),
            TimeSpan.FromSeconds(90), $"the follow-up to be answered (logs: {fixture.Log.Path})");
        await using var db = NewDbContext();
        (await db.Messages.CountAsync(m => m.SessionId == session && m.TurnId == turn && m.Content == ChatMarkers.Error(ExpectedErrors.WorkerStopped)))
            .Should().Be(1, "the redelivery ended the dead worker's turn as interrupted");
    }

    /// <summary>
    /// Whoever ended a turn died (or lost PostgreSQL) before it could start the turn for the follow-ups queued during it
    /// (chaos seed 29: the follow-ups then waited for the user's next message): the end recorded that duty, and the
    /// executors' sweep starts that turn.
    /// </summary>
    [Fact]
    public async Task A_follow_up_whose_turn_was_never_started_by_the_ender_is_answered_by_the_sweep()
    {
        using var user = new ResumingClient(fixture.Stack);
        var (session, turn, followUp) = await TurnWithQueuedFollowUpAsync(user, "answered after the ender's crash [sim:ttft=0]");

        // The ender's last act: the end itself, owing the follow-ups their turn.
        (await Turns.MarkCompletedAsync(session, turn, errorText: null, continuation: TurnMessage(session, turn, user.UserId))).Should().BeTrue();

        await Eventually.TrueAsync(async () => await AnsweredAsync(session, followUp.Message),
            FaultStackFixture.UnsettledEndGrace + TimeSpan.FromSeconds(60), $"the follow-up to be answered (logs: {fixture.Log.Path})");
        (await UserRowsAsync(session, followUp.Message)).Should().Be(1);
    }

    /// <summary>
    /// A worker won its turn's end and died before storing the error card and telling usage (chaos seed 23: the card
    /// lost to a PostgreSQL restart, the announcement to a broker and usage both away): the executors' sweep does both,
    /// instead of the user never learning the turn failed and usage holding the reservation until its TTL.
    /// </summary>
    [Fact]
    public async Task A_turn_ended_by_a_worker_that_died_right_after_gets_its_error_card_and_its_reservation_released()
    {
        using var user = new ResumingClient(fixture.Stack);
        var session = await user.CreateSessionAsync();
        var turn = Guid.NewGuid();
        using var usage = fixture.Stack.Usage!.CreateClient();
        usage.DefaultRequestHeaders.Add("X-Internal-Api-Key", CopilotStack.InternalApiKey);
        (await usage.GetAsync($"/internal/usage/{user.UserId}/admission?turn_id={turn}")).EnsureSuccessStatusCode();
        var reserved = $"copilot:cost:reserved:{user.UserId}";
        (await fixture.Redis.GetDatabase().HashExistsAsync(reserved, turn.ToString("D"))).Should().BeTrue("admission reserves the turn's estimate");

        // The dead worker's last act: the end itself, which records the card and the announcement it owes.
        const string error = ExpectedErrors.WorkerStopped;
        (await Turns.TryCreateTurnAsync(session, turn, user.UserId, TurnOrigins.Chat)).Should().BeTrue();
        (await Turns.MarkCompletedAsync(session, turn, error, notice: ChatMarkers.Error(error))).Should().BeTrue();

        await Eventually.TrueAsync(async () => !await fixture.Redis.GetDatabase().HashExistsAsync(reserved, turn.ToString("D")),
            FaultStackFixture.UnsettledEndGrace + TimeSpan.FromSeconds(30), $"the reservation to be released (logs: {fixture.Log.Path})");
        await using var db = NewDbContext();
        (await db.Messages.CountAsync(m => m.SessionId == session && m.TurnId == turn && m.Content == ChatMarkers.Error(error)))
            .Should().Be(1, "the error card is stored once");
        (await fixture.Redis.GetDatabase().SortedSetScoreAsync(RedisKeys.UnsettledTurnEnds, turn.ToString())).Should().BeNull("nothing is owed any more");
    }

    /// <summary>
    /// Chaos seed 31: usage reserved for a turn that chat-api then never recorded (killed in between, while a slow
    /// PostgreSQL stretched the window): the release owed since before the admission is made by the executors' sweep.
    /// </summary>
    [Fact]
    public async Task A_turn_admitted_but_never_recorded_has_its_reservation_released()
    {
        var userId = $"fault-{Guid.NewGuid():N}";
        var session = Guid.NewGuid();
        var turn = Guid.NewGuid();
        // What chat-api does before it asks usage, then usage's reservation; the turn record never follows.
        await Turns.OweReleaseAsync(session, turn, userId);
        using var usage = fixture.Stack.Usage!.CreateClient();
        usage.DefaultRequestHeaders.Add("X-Internal-Api-Key", CopilotStack.InternalApiKey);
        (await usage.GetAsync($"/internal/usage/{userId}/admission?turn_id={turn}")).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => !await fixture.Redis.GetDatabase().HashExistsAsync($"copilot:cost:reserved:{userId}", turn.ToString("D")),
            FaultStackFixture.UnsettledEndGrace + TimeSpan.FromSeconds(30), $"the reservation to be released (logs: {fixture.Log.Path})");
    }

    /// <summary>A new session whose turn is recorded as running (its worker is the test), and a follow-up queued to it.</summary>
    private async Task<(Guid Session, Guid Turn, TurnTranscript FollowUp)> TurnWithQueuedFollowUpAsync(ResumingClient user, string text)
    {
        var session = await user.CreateSessionAsync();
        var turn = Guid.NewGuid();
        (await Turns.TryCreateTurnAsync(session, turn, user.UserId, TurnOrigins.Chat)).Should().BeTrue();
        var followUp = new TurnTranscript(session, text);
        await user.SendAsync(followUp);
        followUp.End.Should().Be(TranscriptEnd.Queued, "a message sent while a turn runs is queued as its follow-up");
        return (session, turn, followUp);
    }

    private static RunCopilotTurn TurnMessage(Guid session, Guid turn, string userId) => new(session, turn, userId, "the turn's message",
        IsUserMessage: true, DateTimeOffset.UtcNow, ModelTiers.Standard, Mode: null, TurnOrigins.Chat, Permissions: null, FileIds: null, Context: null);

    /// <returns>The session and the follow-up's text as it is stored.</returns>
    private async Task<(Guid Session, string Text)> DeadWorkerTookFollowUpAsync(ResumingClient user, string text, bool storedBeforeDying)
    {
        var (session, deadTurn, _) = await TurnWithQueuedFollowUpAsync(user, text);
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
