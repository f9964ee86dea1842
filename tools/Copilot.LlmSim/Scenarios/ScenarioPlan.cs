using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Copilot.LlmSim.Scenarios;

public enum CostMode
{
    Numeric,
    Missing,
    NotANumber,
    Zero,
}

public sealed record ToolCallSpec(string Name, string Arguments);

/// <summary>Everything the markers of one request decided, folded over the configured defaults.</summary>
public sealed partial record ScenarioPlan
{
    public const int DefaultLongWords = 300;
    public const int DefaultErrorAfterDeltas = 3;
    public const int DefaultSlowDelayMs = 500;

    /// <summary>Markers that pick what is generated; a request with none of them gets the configured default scenario.</summary>
    private static readonly HashSet<string> ScenarioNames =
        ["echo", "long", "code", "context", "system", "reasoning", "reasoning-malformed", "tool", "tools", "error", "hang"];

    public int TimeToFirstTokenMs { get; init; }

    public int InterTokenDelayMs { get; init; }

    /// <summary>The last user message with its markers cut out and its whitespace collapsed.</summary>
    public string UserText { get; init; } = "";

    public ReasoningShape? Reasoning { get; init; }

    public bool MalformedReasoning { get; init; }

    public int? LongWords { get; init; }

    /// <summary>Answer with a fenced code block in this language (<see cref="CodeSamples"/>), for clients that render code.</summary>
    public string? CodeLanguage { get; init; }

    /// <summary>Answer with an outline of the request's messages (<see cref="Conversation.MessageOutlines()"/>).</summary>
    public bool ListContext { get; init; }

    /// <summary>Answer with the request's whole system prompt (<see cref="Conversation.SystemText"/>).</summary>
    public bool ShowSystemPrompt { get; init; }

    public IReadOnlyList<ToolCallSpec> ToolCalls { get; init; } = [];

    public int? ParallelToolCalls { get; init; }

    public int ToolRounds { get; init; } = 1;

    /// <summary>The tool markers are called one per round, in order, instead of all together in every round.</summary>
    public bool SequentialToolCalls { get; init; }

    public int? ErrorAfterDeltas { get; init; }

    public int? HttpErrorStatus { get; init; }

    public bool Hang { get; init; }

    public CostMode Cost { get; init; }

    /// <summary>Prefix every streamed text delta with a <see cref="Responses.TimingStamp"/> (benchmarks).</summary>
    public bool Stamp { get; init; }

    /// <exception cref="InvalidMarkerException">A marker is unknown or its argument does not parse.</exception>
    public static ScenarioPlan For(Conversation conversation, LlmSimOptions options)
    {
        var marked = MarkerParser.Parse(conversation.LastUserText);
        var plan = new ScenarioPlan
        {
            TimeToFirstTokenMs = options.TimeToFirstTokenMs,
            InterTokenDelayMs = options.InterTokenDelayMs,
            UserText = Whitespace().Replace(marked.Text, " ").Trim(),
        };

        if (!marked.Markers.Any(marker => ScenarioNames.Contains(marker.Name)))
        {
            // Only a marker forces reasoning; a default scenario reasons only when the client asked for it.
            plan = Apply(plan, DefaultScenarioMarker(options.DefaultScenario), conversation.ReasoningRequested);
        }

        return marked.Markers.Aggregate(plan, (current, marker) => Apply(current, marker, reasoningAllowed: true));
    }

    /// <returns>Why <paramref name="defaultScenario"/> cannot be used, or null when it can.</returns>
    public static string? ValidateDefaultScenario(string? defaultScenario)
    {
        try
        {
            Apply(new ScenarioPlan(), DefaultScenarioMarker(defaultScenario ?? ""), reasoningAllowed: true);
            return null;
        }
        catch (InvalidMarkerException exception)
        {
            return exception.Message;
        }
    }

    private static SimMarker DefaultScenarioMarker(string defaultScenario)
    {
        var marked = MarkerParser.Parse($"[sim:{defaultScenario}]");
        return marked is { Markers: [var marker], Text: "" }
            ? marker
            : throw new InvalidMarkerException($"Default scenario '{defaultScenario}' is not a single marker body such as 'echo' or 'long=50'.");
    }

    private static ScenarioPlan Apply(ScenarioPlan plan, SimMarker marker, bool reasoningAllowed) => marker.Name switch
    {
        "echo" => Flag(marker, plan),
        "long" => plan with { LongWords = Number(marker, DefaultLongWords, 1, 10_000), ListContext = false, ShowSystemPrompt = false, CodeLanguage = null },
        "code" => plan with { CodeLanguage = CodeSamples.Language(marker), LongWords = null, ListContext = false, ShowSystemPrompt = false },
        "context" => Flag(marker, plan with { ListContext = true, LongWords = null, ShowSystemPrompt = false, CodeLanguage = null }),
        "system" => Flag(marker, plan with { ShowSystemPrompt = true, LongWords = null, ListContext = false, CodeLanguage = null }),
        "reasoning" => reasoningAllowed ? plan with { Reasoning = Shape(marker) } : plan,
        "reasoning-malformed" => reasoningAllowed ? Flag(marker, plan with { MalformedReasoning = true }) : plan,
        "tool" => plan with { ToolCalls = [.. plan.ToolCalls, ToolCall(marker)] },
        "tools" => plan with { ParallelToolCalls = Number(marker, null, 1, 64) },
        "rounds" => plan with { ToolRounds = Number(marker, null, 1, 64) },
        "sequential" => Flag(marker, plan with { SequentialToolCalls = true }),
        "error" => Error(plan, marker),
        "slow" => plan with { InterTokenDelayMs = Number(marker, DefaultSlowDelayMs, 0, 60_000) },
        "delay" => plan with { InterTokenDelayMs = Number(marker, null, 0, 60_000) },
        "ttft" => plan with { TimeToFirstTokenMs = Number(marker, null, 0, 600_000) },
        "nocost" => Flag(marker, plan with { Cost = CostMode.Missing }),
        "badcost" => Flag(marker, plan with { Cost = CostMode.NotANumber }),
        "zerocost" => Flag(marker, plan with { Cost = CostMode.Zero }),
        "hang" => Flag(marker, plan with { Hang = true }),
        "stamp" => Flag(marker, plan with { Stamp = true }),
        _ => throw new InvalidMarkerException($"Unknown simulator marker {marker}."),
    };

    private static ScenarioPlan Flag(SimMarker marker, ScenarioPlan plan) => marker.Argument is null
        ? plan
        : throw new InvalidMarkerException($"Marker {marker} takes no argument.");

    private static int Number(SimMarker marker, int? fallback, int min, int max) => marker.Argument switch
    {
        null when fallback is not null => fallback.Value,
        null => throw new InvalidMarkerException($"Marker [sim:{marker.Name}] needs a number, e.g. [sim:{marker.Name}={min}]."),
        var argument => ParseNumber(argument, min, max)
            ?? throw new InvalidMarkerException($"Marker {marker} needs a whole number from {min} to {max}."),
    };

    private static int? ParseNumber(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : null;

    private static ReasoningShape Shape(SimMarker marker) => marker.Argument switch
    {
        null or "reasoning" => ReasoningShape.Reasoning,
        "reasoning_content" => ReasoningShape.ReasoningContent,
        "details" => ReasoningShape.Details,
        _ => throw new InvalidMarkerException($"Marker {marker}: the shape is one of reasoning, reasoning_content, details."),
    };

    private static ToolCallSpec ToolCall(SimMarker marker)
    {
        var argument = marker.Argument
            ?? throw new InvalidMarkerException("Marker [sim:tool] needs a tool name, e.g. [sim:tool=search] or [sim:tool=search:{\"q\":\"x\"}].");
        var separator = argument.IndexOf(':');
        var name = separator < 0 ? argument : argument[..separator];
        var arguments = separator < 0 ? "{}" : argument[(separator + 1)..].Trim();
        if (!ToolName().IsMatch(name))
        {
            throw new InvalidMarkerException($"Marker {marker}: '{name}' is not a valid function name (letters, digits, '_', '-', '.', at most 64).");
        }

        if (!IsJsonObject(arguments))
        {
            throw new InvalidMarkerException($"Marker {marker}: the arguments after ':' must be a JSON object.");
        }

        return new ToolCallSpec(name, arguments);
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ScenarioPlan Error(ScenarioPlan plan, SimMarker marker)
    {
        const string Expected = "the argument is after:N or http:CODE (400-599)";
        return marker.Argument switch
        {
            null => plan with { ErrorAfterDeltas = DefaultErrorAfterDeltas },
            var argument when argument.StartsWith("after:", StringComparison.Ordinal) =>
                plan with { ErrorAfterDeltas = ParseNumber(argument["after:".Length..], 0, 100_000) ?? throw Invalid() },
            var argument when argument.StartsWith("http:", StringComparison.Ordinal) =>
                plan with { HttpErrorStatus = ParseNumber(argument["http:".Length..], 400, 599) ?? throw Invalid() },
            _ => throw Invalid(),
        };

        InvalidMarkerException Invalid() => new($"Marker {marker}: {Expected}.");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex ToolName();
}
