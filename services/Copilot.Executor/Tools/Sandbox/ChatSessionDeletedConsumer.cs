using Copilot.Contracts;
using MassTransit;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>Removes a deleted session's <c>bash_exec</c> folder from this executor's host.</summary>
public sealed partial class ChatSessionDeletedConsumer(SandboxWorkspaces workspaces, ILogger<ChatSessionDeletedConsumer> logger)
    : IConsumer<ChatSessionDeleted>
{
    public Task Consume(ConsumeContext<ChatSessionDeleted> context)
    {
        var deleted = context.Message;
        try
        {
            if (workspaces.Remove(deleted.UserId, deleted.SessionId))
            {
                LogRemoved(deleted.SessionId);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Retrying would meet the same file; the sweep removes the folder once it has been idle long enough.
            LogRemoveFailed(exception, deleted.SessionId);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the sandbox folder of deleted session {SessionId}")]
    private partial void LogRemoved(Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the sandbox folder of deleted session {SessionId}")]
    private partial void LogRemoveFailed(Exception exception, Guid sessionId);
}
