using System.Text.Json.Nodes;
using Copilot.LlmSim.Protocol;
using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.Responses;

/// <summary>The identity every chunk of one response repeats, and the mapping of scenario events onto OpenRouter chunks.</summary>
public sealed record Generation(string Id, long Created, string Model)
{
    public const string Provider = "LlmSim";
    private const string ChunkObject = "chat.completion.chunk";

    public ChatCompletionChunk RoleChunk() => DeltaChunk(new ChunkDelta { Role = MessageRoles.Assistant, Content = "" });

    public ChatCompletionChunk ChunkFor(SimEvent simEvent) => simEvent switch
    {
        ReasoningDelta { Shape: ReasoningShape.Reasoning } reasoning => DeltaChunk(new ChunkDelta { Reasoning = reasoning.Text }),
        ReasoningDelta { Shape: ReasoningShape.ReasoningContent } reasoning => DeltaChunk(new ChunkDelta { ReasoningContent = reasoning.Text }),
        ReasoningDelta reasoning => DeltaChunk(new ChunkDelta { ReasoningDetails = new JsonArray(ReasoningTextDetail(reasoning.Text)) }),
        ReasoningSignature signature => DeltaChunk(new ChunkDelta { ReasoningDetails = new JsonArray(ReasoningTextDetail("", signature.Signature)) }),
        // Events are immutable; the node is copied so serialising never ties it to a parent.
        ReasoningDetailsDelta details => DeltaChunk(new ChunkDelta { ReasoningDetails = details.Details.DeepClone() }),
        TextDelta text => DeltaChunk(new ChunkDelta { Content = text.Text }),
        ToolCallFragment fragment => DeltaChunk(new ChunkDelta
        {
            ToolCalls =
            [
                new ToolCallDelta(
                    fragment.Index,
                    fragment.Id,
                    fragment.Id is null ? null : "function",
                    new FunctionCall(fragment.Name, fragment.Arguments)),
            ],
        }),
        Finish finish => DeltaChunk(new ChunkDelta(), finish.Reason),
        ProviderError error => new ChatCompletionChunk(
            Id, ChunkObject, Created, Model, Provider,
            new StreamError(error.Code, error.Message),
            [new ChunkChoice(0, new ChunkDelta { Content = "" }, FinishReasons.Error, FinishReasons.Error)],
            null),
        _ => throw new ArgumentOutOfRangeException(nameof(simEvent), simEvent, "This event has no chunk of its own."),
    };

    /// <summary>OpenRouter's last chunk before [DONE]: usage only, no choices.</summary>
    public ChatCompletionChunk UsageChunk(Usage usage) =>
        new(Id, ChunkObject, Created, Model, Provider, null, [], usage);

    public static JsonObject ReasoningTextDetail(string text, string? signature = null)
    {
        var detail = new JsonObject { ["type"] = "reasoning.text", ["text"] = text, ["format"] = ThinkingBlocks.Format, ["index"] = 0 };
        if (signature is not null)
        {
            detail["signature"] = signature;
        }

        return detail;
    }

    private ChatCompletionChunk DeltaChunk(ChunkDelta delta, string? finishReason = null) =>
        new(Id, ChunkObject, Created, Model, Provider, null, [new ChunkChoice(0, delta, finishReason, finishReason)], null);
}
