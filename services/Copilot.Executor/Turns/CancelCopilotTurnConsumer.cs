using Copilot.Contracts;
using MassTransit;

namespace Copilot.Executor.Turns;

/// <summary>Every replica receives each Stop (its own temporary queue); only the replica running the session acts.</summary>
public sealed partial class CancelCopilotTurnConsumer(ActiveTurns activeTurns, ILogger<CancelCopilotTurnConsumer> logger)
    : IConsumer<CancelCopilotTurn>
{
    public Task Consume(ConsumeContext<CancelCopilotTurn> context)
    {
        if (activeTurns.TryStop(context.Message.SessionId, context.Message.TurnId))
        {
            LogStopping(context.Message.SessionId, context.Message.TurnId);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping turn {TurnId} of session {SessionId} at the user's request")]
    private partial void LogStopping(Guid sessionId, Guid? turnId);
}
