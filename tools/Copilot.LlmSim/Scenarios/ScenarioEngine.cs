using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Copilot.LlmSim.Scenarios;

/// <summary>Turns a plan into the ordered events of one model turn. Pure: the same input gives the same events.</summary>
public static partial class ScenarioEngine
{
    public const string SimulatedLabel = "[simulated]";
    public const string ProviderErrorMessage = "Simulated provider error";
    public const int ProviderErrorCode = 502;
    public const int ToolResultPreviewLength = 200;
    private const int ArgumentFragmentLength = 8;
    private const string FallbackToolName = "sim_tool";

    private const string ReasoningText =
        SimulatedLabel + " Thinking it through: read the request, pick the simulated scenario, then answer deterministically.";

    private const string ReasoningSummary = SimulatedLabel + " Summary: chose a deterministic answer.";

    /// <summary>Stands in for a provider's opaque signature; base64 of "llmsim-encrypted-reasoning".</summary>
    private const string EncryptedReasoning = "bGxtc2ltLWVuY3J5cHRlZC1yZWFzb25pbmc=";

    /// <param name="callIdSeed">Makes tool call ids unique per request while keeping them reproducible.</param>
    public static IReadOnlyList<SimEvent> Generate(Conversation conversation, ScenarioPlan plan, string callIdSeed)
    {
        if (plan.Hang)
        {
            return [new HangUntilDisconnect()];
        }

        var events = new List<SimEvent>();
        if (plan.Reasoning is { } shape)
        {
            events.AddRange(Reasoning(shape));
        }

        if (plan.MalformedReasoning)
        {
            events.AddRange(MalformedReasoning());
        }

        var calls = NextRoundCalls(plan, conversation);
        if (calls.Count > 0)
        {
            for (var index = 0; index < calls.Count; index++)
            {
                events.AddRange(ToolCallFragments(index, $"call_{callIdSeed}_{index}", calls[index]));
            }

            events.Add(new Finish(FinishReasons.ToolCalls));
            return events;
        }

        var answer = conversation.IsTitleRequest ? TitleAnswer(plan.UserText)
            : plan.ListContext ? ContextAnswer(conversation)
            : plan.ShowSystemPrompt ? $"{SimulatedLabel} The system prompt was:\n{conversation.SystemText()}"
            : plan.LongWords is { } words ? LoremText.Generate(words)
            : plan.CodeLanguage is { } language ? CodeSamples.Answer(language)
            : EchoAnswer(conversation, plan.UserText);
        events.AddRange(WordDeltas(answer).Take(plan.ErrorAfterDeltas ?? int.MaxValue).Select(text => new TextDelta(text)));
        events.Add(plan.ErrorAfterDeltas is null
            ? new Finish(FinishReasons.Stop)
            : new ProviderError(ProviderErrorCode, ProviderErrorMessage));
        return events;
    }

    /// <summary>Pieces of about a word each, whitespace kept, so they concatenate back to exactly <paramref name="text"/>.</summary>
    public static IEnumerable<string> WordDeltas(string text) => WordPiece().Matches(text).Select(match => match.Value);

    private static string EchoAnswer(Conversation conversation, string userText) =>
        conversation.TrailingToolResults.Count == 0
            ? $"{SimulatedLabel} You said: {userText}"
            : string.Join("\n", conversation.TrailingToolResults.Select(result =>
                $"{SimulatedLabel} Tool {result.ToolName} returned: {Preview(result.Content)}"));

    /// <summary>A title a test can predict: the message's first six words, without trailing punctuation.</summary>
    public static string TitleAnswer(string userText) =>
        string.Join(' ', userText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6)).TrimEnd('.', ',', '!', '?', ':', ';');

    private static string ContextAnswer(Conversation conversation)
    {
        var outlines = conversation.MessageOutlines();
        var reasoning = conversation.ReasoningBudget is { } budget ? $" and a reasoning budget of {budget} tokens" : "";
        return $"{SimulatedLabel} The request had {outlines.Count} messages{reasoning}:\n{string.Join("\n", outlines)}";
    }

    private static string Preview(string content) =>
        content.Length <= ToolResultPreviewLength ? content : content[..ToolResultPreviewLength];

    /// <summary>The calls of the next tool round, or none once the planned rounds are done.</summary>
    private static IReadOnlyList<ToolCallSpec> NextRoundCalls(ScenarioPlan plan, Conversation conversation)
    {
        var calls = ToolCallsOf(plan, conversation);
        var done = conversation.CompletedToolRounds;
        if (plan.SequentialToolCalls)
        {
            return done < calls.Count ? [calls[done]] : [];
        }

        return done < plan.ToolRounds ? calls : [];
    }

    /// <summary><c>tools=N</c> repeats the named calls, or else the request's declared tools, until there are N.</summary>
    private static IReadOnlyList<ToolCallSpec> ToolCallsOf(ScenarioPlan plan, Conversation conversation)
    {
        if (plan.ParallelToolCalls is not { } count)
        {
            return plan.ToolCalls;
        }

        IReadOnlyList<ToolCallSpec> pool = plan.ToolCalls.Count > 0
            ? plan.ToolCalls
            : [.. conversation.DeclaredToolNames.DefaultIfEmpty(FallbackToolName).Select(name => new ToolCallSpec(name, "{}"))];
        return [.. Enumerable.Range(0, count).Select(index => pool[index % pool.Count])];
    }

    private static IEnumerable<SimEvent> ToolCallFragments(int index, string id, ToolCallSpec call)
    {
        yield return new ToolCallFragment(index, id, call.Name, "");
        foreach (var piece in call.Arguments.Chunk(ArgumentFragmentLength))
        {
            yield return new ToolCallFragment(index, null, null, new string(piece));
        }
    }

    private static IEnumerable<SimEvent> Reasoning(ReasoningShape shape)
    {
        foreach (var piece in WordDeltas(ReasoningText))
        {
            yield return new ReasoningDelta(shape, piece);
        }

        if (shape == ReasoningShape.Details)
        {
            // Like Anthropic's signature_delta: the block is signed once its text is complete.
            yield return new ReasoningSignature(ThinkingBlocks.Sign(ReasoningText));
            yield return new ReasoningDetailsDelta(new JsonArray(
                new JsonObject { ["type"] = "reasoning.summary", ["summary"] = ReasoningSummary, ["index"] = 1 }));
            yield return new ReasoningDetailsDelta(new JsonArray(
                new JsonObject { ["type"] = "reasoning.encrypted", ["data"] = EncryptedReasoning, ["index"] = 2 }));
        }
    }

    /// <summary>Shapes a misbehaving provider could send; a robust client skips them and keeps streaming.</summary>
    private static IEnumerable<SimEvent> MalformedReasoning() =>
    [
        new ReasoningDetailsDelta(JsonNode.Parse("""["a bare string where an object belongs"]""")!),
        new ReasoningDetailsDelta(JsonNode.Parse("""[{"text":"an entry without a type"}]""")!),
        new ReasoningDetailsDelta(JsonNode.Parse("""[{"type":"reasoning.text","text":42}]""")!),
        new ReasoningDetailsDelta(JsonNode.Parse("""[null, {"type":"reasoning.text"}]""")!),
        new ReasoningDetailsDelta(JsonNode.Parse("""{"type":"reasoning.text","text":"an object where an array belongs"}""")!),
    ];

    [GeneratedRegex(@"\S+\s*|\s+")]
    private static partial Regex WordPiece();
}
