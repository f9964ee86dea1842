using System.Reflection;
using Copilot.Chat.Data;
using Copilot.Chat.FollowUps;
using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Chat.Workspace;
using Copilot.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Copilot.Usage.Client;

namespace Copilot.Chat.IntegrationTests;

public sealed class TurnSubmitterTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    private readonly RecordingAdmission _admission = new();

    [Fact]
    public async Task A_turn_that_cannot_be_sent_is_ended_at_once_and_its_reservation_released()
    {
        await using var db = state.NewDbContext();
        var session = await NewSessionAsync(db);

        var submitted = await Submitter(db).SubmitAsync(new MessageSubmission(session, "hello", TurnOrigins.Chat), CancellationToken.None);

        var turn = submitted.Should().BeOfType<SubmitOutcome.Started>().Subject.TurnId;
        var meta = await state.Turns.GetMetaAsync(session.Id);
        meta!.IsRunning.Should().BeFalse("nobody would ever run it, and the session must not stay busy until the watchdog");
        meta.Status.Should().Be(TurnStatus.Failed);
        var stored = await state.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turn));
        stored.Select(e => e["d"].ToString()).Should().Equal(new ErrorChunk(TurnSubmitter.NotSentText).ToJson(), new FinishChunk().ToJson());
        (await _admission.Released.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be((session.UserId, turn));
    }

    [Fact]
    public async Task Follow_ups_with_nothing_queued_start_no_turn()
    {
        await using var db = state.NewDbContext();
        var session = await NewSessionAsync(db);

        var submitted = await Submitter(db).SubmitAsync(new FollowUpSubmission(Finished(session), []), CancellationToken.None);

        submitted.Should().Be(new SubmitOutcome.NothingToRun(session.Id));
        (await state.Turns.GetMetaAsync(session.Id)).Should().BeNull();
    }

    [Fact]
    public async Task A_continuation_usage_refuses_still_starts_so_its_follow_ups_are_stored()
    {
        await using var db = state.NewDbContext();
        var session = await NewSessionAsync(db);
        await state.FollowUps.PushAsync(session.Id, new FollowUp("and this?", [], null, 0));
        _admission.Verdict = new TurnAdmission(false, "Daily limit reached.", null);

        var submitted = await Submitter(db).SubmitAsync(new FollowUpSubmission(Finished(session), []), CancellationToken.None);

        submitted.Should().BeOfType<SubmitOutcome.Started>();
        (await state.Turns.GetMetaAsync(session.Id))!.Origin.Should().Be(TurnOrigins.FollowUp);
    }

    [Fact]
    public async Task A_message_usage_refuses_stores_nothing()
    {
        await using var db = state.NewDbContext();
        var session = await NewSessionAsync(db);
        _admission.Verdict = new TurnAdmission(false, "Daily limit reached.", null);

        var submitted = await Submitter(db).SubmitAsync(new MessageSubmission(session, "hello", TurnOrigins.Chat), CancellationToken.None);

        submitted.Should().BeOfType<SubmitOutcome.Refused>().Which.Verdict.RefusalText.Should().Be("Daily limit reached.");
        (await db.Messages.CountAsync(m => m.SessionId == session.Id)).Should().Be(0);
        (await state.Turns.GetMetaAsync(session.Id)).Should().BeNull();
    }

    [Fact]
    public async Task A_message_for_a_session_deleted_since_its_owner_was_checked_starts_nothing()
    {
        await using var db = state.NewDbContext();
        var session = await NewSessionAsync(db);
        await db.Sessions.Where(s => s.Id == session.Id).ExecuteDeleteAsync();

        var submitted = await Submitter(db).SubmitAsync(new MessageSubmission(session, "hello", TurnOrigins.Chat), CancellationToken.None);

        submitted.Should().Be(new SubmitOutcome.SessionGone(session.Id));
        (await state.Turns.GetMetaAsync(session.Id)).Should().BeNull();
    }

    [Fact]
    public async Task A_submission_cancelled_after_usage_admitted_it_releases_the_reservation()
    {
        await using var db = state.NewDbContext();
        var session = await NewSessionAsync(db);
        using var clientGaveUp = new CancellationTokenSource();
        _admission.WhileAdmitting = clientGaveUp.Cancel;

        var submitting = () => Submitter(db).SubmitAsync(new MessageSubmission(session, "hello", TurnOrigins.Chat), clientGaveUp.Token);

        await submitting.Should().ThrowAsync<OperationCanceledException>();
        var (user, turn) = await _admission.Released.Task.WaitAsync(TimeSpan.FromSeconds(5));
        user.Should().Be(session.UserId, "the turn admitted but never recorded would hold the user's budget until its TTL");
        (await state.Turns.GetMetaAsync(session.Id)).Should().BeNull();
        turn.Should().NotBeEmpty();
    }

    private TurnSubmitter Submitter(ChatDbContext db)
    {
        var history = new ChatHistory(db, TimeProvider.System);
        var closer = new TurnCloser(state.Turns, history, UnreachableBroker.Create<IPublishEndpoint>(), _admission, TimeProvider.System,
            NullLogger<TurnCloser>.Instance);
        return new TurnSubmitter(new SessionWriteLock(state.Redis, NullLogger<SessionWriteLock>.Instance), state.Turns, history, state.FollowUps,
            new WorkspaceFiles(db, Options.Create(new WorkspaceOptions()), TimeProvider.System), _admission, UnreachableBroker.Create<ISendEndpointProvider>(),
            closer, TimeProvider.System, NullLogger<TurnSubmitter>.Instance);
    }

    private async Task<ChatSession> NewSessionAsync(ChatDbContext db)
    {
        var id = await state.CreateSessionAsync($"user-{Guid.NewGuid():N}");
        return await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    private static RunCopilotTurn Finished(ChatSession session) => new(session.Id, Guid.NewGuid(), session.UserId, "", IsUserMessage: true,
        DateTimeOffset.UtcNow, ModelTiers.Standard, Mode: null, TurnOrigins.Chat, Permissions: null, FileIds: null, Context: null);

    /// <summary>A broker that cannot be reached: every send and publish fails.</summary>
    public class UnreachableBroker : DispatchProxy
    {
        public static T Create<T>() where T : class => Create<T, UnreachableBroker>();

        protected override object Invoke(MethodInfo? targetMethod, object?[]? args) => throw new InvalidOperationException("The broker is unreachable.");
    }

    private sealed class RecordingAdmission : ITurnAdmission
    {
        public TurnAdmission Verdict { get; set; } = TurnAdmission.Allow;

        public TaskCompletionSource<(string UserId, Guid TurnId)> Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Runs while usage "answers": what happens meanwhile elsewhere (the client giving up).</summary>
        public Action? WhileAdmitting { get; set; }

        public Task<TurnAdmission> AdmitAsync(string userId, Guid turnId, CancellationToken cancellationToken)
        {
            WhileAdmitting?.Invoke();
            return Task.FromResult(Verdict);
        }

        public Task<TurnAdmission> ExtendAsync(string userId, Guid turnId, IReadOnlyList<TurnCharge> charges, CancellationToken cancellationToken) =>
            Task.FromResult(Verdict);

        public Task<bool> ReleaseAsync(string userId, Guid turnId)
        {
            Released.TrySetResult((userId, turnId));
            return Task.FromResult(true);
        }
    }
}
