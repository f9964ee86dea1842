using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Usage.Client;
using Copilot.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Copilot.Chat.Turns;

/// <summary>
/// Sends a turn already recorded as the session's running turn to the executors. A turn that cannot be sent is ended
/// at once and its reservation given back: nobody would ever run it, and the session would otherwise stay busy until
/// the stuck-turn watchdog.
/// </summary>
public sealed partial class TurnSender(StreamRegistry registry, ITurnAdmission admission, ILogger<TurnSender> logger)
{
    public const string NotQueuedText = "The turn could not be queued. Please try again.";

    /// <param name="sendEndpoints">The caller's: a consumer passes its consume context, so the send is tied to it.</param>
    /// <returns>Whether the turn was sent (when not, it has been ended).</returns>
    public async Task<bool> SendAsync(ISendEndpointProvider sendEndpoints, RunCopilotTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await sendEndpoints.GetSendEndpoint(QueueNames.Address(QueueNames.RunCopilotTurn));
            await endpoint.Send(turn, cancellationToken);
            return true;
        }
        catch (Exception exception)
        {
            LogEnqueueFailed(exception, turn.SessionId, turn.TurnId);
            await registry.MarkCompletedAsync(turn.SessionId, turn.TurnId, NotQueuedText);
            if (!string.IsNullOrEmpty(turn.UserId))
            {
                // In the background: the caller's answer does not depend on it, and the reservation lapses on its own.
                _ = admission.ReleaseAsync(turn.UserId, turn.TurnId);
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue turn {TurnId} of session {SessionId}")]
    private partial void LogEnqueueFailed(Exception exception, Guid sessionId, Guid turnId);
}
