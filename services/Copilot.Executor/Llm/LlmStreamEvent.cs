using System.Text.Json;
using Copilot.Contracts;

namespace Copilot.Executor.Llm;

/// <summary>What one streamed chunk of a chat completion meant, decoded from OpenRouter's wire format.</summary>
public abstract record LlmStreamEvent;

public sealed record LlmTextDelta(string Text) : LlmStreamEvent;

public sealed record LlmReasoningDelta(string Text) : LlmStreamEvent;

/// <summary>The raw <c>reasoning_details</c> entries of one delta, kept only to be sent back (see <see cref="ReasoningDetails"/>).</summary>
public sealed record LlmReasoningDetails(IReadOnlyList<JsonElement> Entries) : LlmStreamEvent;

/// <summary>A fragment of a tool call: the first fragment of an index carries id and name, later ones argument text.</summary>
public sealed record LlmToolCallDelta(int Index, string? Id, string? Name, string? ArgumentsDelta) : LlmStreamEvent;

public sealed record LlmFinished(string? FinishReason) : LlmStreamEvent
{
    /// <summary>The finish reason of an answer <c>max_tokens</c> cut short.</summary>
    public const string Length = "length";
}

/// <summary>The final usage report. <see cref="CostUsd"/> is null when the provider sent no usable cost.</summary>
public sealed record LlmUsage(TokenUsage Tokens, decimal? CostUsd) : LlmStreamEvent;

/// <summary>The provider reported an error in the middle of the stream.</summary>
public sealed record LlmProviderError(string Message) : LlmStreamEvent;
