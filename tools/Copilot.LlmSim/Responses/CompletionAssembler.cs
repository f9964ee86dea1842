using System.Text;
using System.Text.Json.Nodes;
using Copilot.LlmSim.Protocol;
using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.Responses;

/// <summary>Folds the events of a finished generation into the single message of a <c>stream: false</c> response.</summary>
public static class CompletionAssembler
{
    public static ChatCompletion Assemble(Generation generation, IReadOnlyList<SimEvent> events, Usage usage)
    {
        var content = new StringBuilder();
        var reasoning = new Dictionary<ReasoningShape, StringBuilder>();
        var rawDetails = new List<JsonNode?>();
        string? signature = null;
        var calls = new SortedDictionary<int, PendingCall>();
        var finishReason = FinishReasons.Stop;

        foreach (var simEvent in events)
        {
            switch (simEvent)
            {
                case TextDelta text:
                    content.Append(text.Text);
                    break;
                case ReasoningDelta delta:
                    reasoning.TryAdd(delta.Shape, new StringBuilder());
                    reasoning[delta.Shape].Append(delta.Text);
                    break;
                case ReasoningSignature signed:
                    signature = signed.Signature;
                    break;
                case ReasoningDetailsDelta details:
                    rawDetails.AddRange(details.Details is JsonArray entries ? entries.Select(entry => entry?.DeepClone()) : [details.Details.DeepClone()]);
                    break;
                case ToolCallFragment fragment:
                    if (!calls.TryGetValue(fragment.Index, out var call))
                    {
                        call = new PendingCall(fragment.Id, fragment.Name);
                        calls.Add(fragment.Index, call);
                    }

                    call.Arguments.Append(fragment.Arguments);
                    break;
                case Finish finish:
                    finishReason = finish.Reason;
                    break;
            }
        }

        var message = new CompletionMessage
        {
            Content = calls.Count > 0 && content.Length == 0 ? null : content.ToString(),
            Reasoning = reasoning.GetValueOrDefault(ReasoningShape.Reasoning)?.ToString(),
            ReasoningContent = reasoning.GetValueOrDefault(ReasoningShape.ReasoningContent)?.ToString(),
            ReasoningDetails = ReasoningDetails(reasoning.GetValueOrDefault(ReasoningShape.Details), signature, rawDetails),
            ToolCalls = calls.Count == 0
                ? null
                : [.. calls.Values.Select(call => new ToolCall(call.Id, "function", new FunctionCall(call.Name, call.Arguments.ToString())))],
        };

        return new ChatCompletion(
            generation.Id,
            "chat.completion",
            generation.Created,
            generation.Model,
            Generation.Provider,
            [new CompletionChoice(0, message, finishReason, finishReason)],
            usage);
    }

    private static JsonArray? ReasoningDetails(StringBuilder? text, string? signature, List<JsonNode?> rawDetails)
    {
        if (text is null && rawDetails.Count == 0)
        {
            return null;
        }

        var details = new JsonArray();
        if (text is not null)
        {
            details.Add(Generation.ReasoningTextDetail(text.ToString(), signature));
        }

        foreach (var entry in rawDetails)
        {
            details.Add(entry);
        }

        return details;
    }

    private sealed record PendingCall(string? Id, string? Name)
    {
        public StringBuilder Arguments { get; } = new();
    }
}
