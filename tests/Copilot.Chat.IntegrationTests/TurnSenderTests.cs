using Copilot.Chat.Redis;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Copilot.Usage.Client;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Copilot.Chat.IntegrationTests;

public sealed class TurnSenderTests(ChatStateFixture state) : IClassFixture<ChatStateFixture>
{
    [Fact]
    public async Task A_turn_that_cannot_be_sent_is_ended_at_once_and_its_reservation_released()
    {
        var (session, turn) = (Guid.NewGuid(), Guid.NewGuid());
        (await state.Registry.TryCreateTurnAsync(session, turn, "user-1", "follow-up")).Should().BeTrue();
        var admission = new RecordingAdmission();
        var sender = new TurnSender(state.Registry, admission, NullLogger<TurnSender>.Instance);

        var sent = await sender.SendAsync(new UnreachableBroker(), Turn(session, turn), CancellationToken.None);

        sent.Should().BeFalse();
        var meta = await state.Registry.GetMetaAsync(session);
        meta!.IsRunning.Should().BeFalse("nobody would ever run it, and the session must not stay busy until the watchdog");
        meta.Status.Should().Be(TurnStatus.Failed);
        var stored = await state.Redis.GetDatabase().StreamRangeAsync(RedisKeys.TurnStream(turn));
        stored.Select(e => e["d"].ToString()).Should().Equal(new ErrorChunk(TurnSender.NotQueuedText).ToJson(), new FinishChunk().ToJson());
        (await admission.Released.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be(("user-1", turn));
    }

    private static RunCopilotTurn Turn(Guid session, Guid turn) => new(session, turn, "user-1", "", IsUserMessage: true,
        DateTimeOffset.UtcNow, "standard", Mode: null, Origin: "follow-up", Permissions: null, FileIds: null, Context: null);

    private sealed class UnreachableBroker : ISendEndpointProvider
    {
        public Task<ISendEndpoint> GetSendEndpoint(Uri address) => throw new InvalidOperationException("The broker is unreachable.");

        public ConnectHandle ConnectSendObserver(ISendObserver observer) => throw new NotSupportedException();
    }

    private sealed class RecordingAdmission : ITurnAdmission
    {
        public TaskCompletionSource<(string UserId, Guid TurnId)> Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TurnAdmission> AdmitAsync(string userId, Guid turnId, CancellationToken cancellationToken) => Task.FromResult(TurnAdmission.Allow);

        public Task<TurnAdmission> ExtendAsync(string userId, Guid turnId, IReadOnlyList<TurnCharge> charges, CancellationToken cancellationToken) =>
            Task.FromResult(TurnAdmission.Allow);

        public Task ReleaseAsync(string userId, Guid turnId)
        {
            Released.TrySetResult((userId, turnId));
            return Task.CompletedTask;
        }
    }
}
