using System.Text.Json.Nodes;

namespace Copilot.LlmSim.Scenarios;

/// <summary>One step of a simulated generation, independent of how it is put on the wire.</summary>
public abstract record SimEvent;

public enum ReasoningShape
{
    /// <summary>Delta field <c>reasoning</c> (OpenRouter's own).</summary>
    Reasoning,

    /// <summary>Delta field <c>reasoning_content</c> (DeepSeek-style providers).</summary>
    ReasoningContent,

    /// <summary>Delta field <c>reasoning_details</c> with <c>reasoning.text</c> entries.</summary>
    Details,
}

public sealed record ReasoningDelta(ReasoningShape Shape, string Text) : SimEvent;

/// <summary>The last fragment of a <see cref="ReasoningShape.Details"/> thinking block: no text, its signature (see <see cref="ThinkingBlocks"/>).</summary>
public sealed record ReasoningSignature(string Signature) : SimEvent;

/// <summary>A raw <c>reasoning_details</c> value, sent as is: summaries, encrypted blobs, or deliberately malformed entries.</summary>
public sealed record ReasoningDetailsDelta(JsonNode Details) : SimEvent;

public sealed record TextDelta(string Text) : SimEvent;

/// <summary>The first fragment of a call carries its id and name; later ones only more of the arguments.</summary>
public sealed record ToolCallFragment(int Index, string? Id, string? Name, string Arguments) : SimEvent;

public sealed record ProviderError(int Code, string Message) : SimEvent;

public sealed record Finish(string Reason) : SimEvent;

public sealed record HangUntilDisconnect : SimEvent;

public static class FinishReasons
{
    public const string Stop = "stop";
    public const string ToolCalls = "tool_calls";
    public const string Length = "length";
    public const string Error = "error";
}
