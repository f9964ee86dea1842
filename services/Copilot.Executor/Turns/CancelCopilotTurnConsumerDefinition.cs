using Copilot.Messaging;

namespace Copilot.Executor.Turns;

/// <summary>A Stop is only useful to live workers, and only the one running the session acts on it.</summary>
public sealed class CancelCopilotTurnConsumerDefinition : ReplicaConsumerDefinition<CancelCopilotTurnConsumer>;
