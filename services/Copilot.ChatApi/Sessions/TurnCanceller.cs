using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using MassTransit;

namespace Copilot.ChatApi.Sessions;

/// <summary>What a Stop came to.</summary>
public enum CancelOutcome
{
    /// <summary>No turn was running.</summary>
    NoActiveTurn,

    /// <summary>The worker running the turn stopped it.</summary>
    Stopped,

    /// <summary>No worker stopped it in time, so chat-api ended it.</summary>
    ForceCompleted,
}

/// <summary>
/// The user's Stop: every executor is asked to stop the session's turn (the one running it ends it), and a turn still
/// running after 5 s is ended here, which also force-releases the session lock so a new message starts at once.
/// </summary>
public sealed class TurnCanceller(TurnStore turns, TurnEnder ender, IPublishEndpoint publish, TimeProvider time)
{
    public const string CancelledText = "Cancelled";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public async Task<CancelOutcome> CancelAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var meta = await turns.GetMetaAsync(sessionId);
        if (meta is not { IsRunning: true })
        {
            return CancelOutcome.NoActiveTurn;
        }

        await publish.Publish(new CancelCopilotTurn(sessionId, meta.TurnId, time.GetUtcNow()), cancellationToken);
        var deadline = time.GetUtcNow() + Wait;
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, cancellationToken);
            if (await turns.GetMetaAsync(sessionId) is not { IsRunning: true } current || current.TurnId != meta.TurnId)
            {
                return CancelOutcome.Stopped;
            }
        }

        await ender.EndAsync(meta, TurnEnding.ForcedStop(CancelledText));
        return CancelOutcome.ForceCompleted;
    }
}
