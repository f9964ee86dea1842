namespace Copilot.Messaging;

/// <summary>
/// Queues that commands are sent to. Senders and the consumer's definition both use these names, so the sender
/// needs no reference to the consumer's assembly.
/// </summary>
public static class QueueNames
{
    public const string RunCopilotTurn = "run-copilot-turn";

    public static Uri Address(string queue) => new($"queue:{queue}");
}
