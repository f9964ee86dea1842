namespace Copilot.Executor.Llm;

/// <summary>The provider refused or broke the call; the message is safe to show to users.</summary>
public sealed class LlmProviderException(string message, Exception? inner = null) : Exception(message, inner);
