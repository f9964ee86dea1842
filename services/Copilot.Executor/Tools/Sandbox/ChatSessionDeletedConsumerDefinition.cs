using Copilot.Messaging;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>Each host removes its own folder; a notice no replica heard is covered by the idle sweep.</summary>
public sealed class ChatSessionDeletedConsumerDefinition : ReplicaConsumerDefinition<ChatSessionDeletedConsumer>;
