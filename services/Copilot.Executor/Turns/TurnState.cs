using System.Text;
using System.Text.Json;
using Copilot.Chat.Turns;
using Copilot.Contracts;

namespace Copilot.Executor.Turns;

/// <summary>What a turn has accumulated across its rounds, for <see cref="CopilotTurnCompleted"/>.</summary>
internal sealed class TurnState(string model)
{
    public static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly List<ToolCallSummary> _toolCalls = [];

    public string Model { get; } = model;

    public StringBuilder Response { get; } = new();

    public TokenUsage Usage { get; private set; } = TokenUsage.None;

    public long CostMicrodollars { get; private set; }

    public bool ToolsRan => _toolCalls.Count > 0;

    /// <summary>Whether the model said anything after the last tool result.</summary>
    public bool TextAfterLastTool { get; private set; }

    public void Absorb(ModelRound round, long costMicrodollars)
    {
        Response.Append(round.Text);
        Usage = Usage.Add(round.Usage);
        CostMicrodollars += costMicrodollars;
        TextAfterLastTool = round.Text.Length > 0;
    }

    public void RecordTools(IEnumerable<ToolCallSummary> calls)
    {
        _toolCalls.AddRange(calls);
        TextAfterLastTool = false;
    }

    public TurnReport Report(TimeSpan duration) => new(Response.ToString(), [.. _toolCalls], Usage, CostMicrodollars, duration);
}
