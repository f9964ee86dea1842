namespace Copilot.Messaging;

/// <summary>
/// Queues that commands are sent to. Senders and the consumer's definition both use these names, so the sender
/// needs no reference to the consumer's assembly.
/// </summary>
public static class QueueNames
{
    public const string RunCopilotTurn = "run-copilot-turn";

    /// <summary>Internal services' request to run a prompt in a session (answered by chat-api).</summary>
    public const string RunSessionTurn = "run-session-turn";

    public static Uri Address(string queue) => new($"queue:{queue}");
}
