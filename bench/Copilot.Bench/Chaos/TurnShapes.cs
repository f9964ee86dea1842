using System.Text.Json;

namespace Copilot.Bench.Chaos;

/// <summary>The kinds of turn the chaos load mixes; each asks the simulator for a different answer through its markers.</summary>
public enum TurnShapeKind
{
    Plain,
    Reasoning,
    ToolCall,
    SubSession,
    FollowUp,
    Stop,
    Resume,
}

/// <summary>The simulator markers of each shape (see tools/Copilot.LlmSim/README.md), sized so a turn lasts one to four seconds.</summary>
public static class TurnShapes
{
    /// <summary>Long enough for a follow-up, a Stop or a hang-up to land while it streams.</summary>
    public const string LongAnswer = "[sim:long=60] [sim:delay=40]";

    public const string ClosingAnswer = "[sim:long=10] [sim:delay=20]";

    private static readonly (TurnShapeKind Kind, int Weight)[] Weights =
    [
        (TurnShapeKind.Plain, 30),
        (TurnShapeKind.Reasoning, 15),
        (TurnShapeKind.ToolCall, 15),
        (TurnShapeKind.SubSession, 8),
        (TurnShapeKind.FollowUp, 12),
        (TurnShapeKind.Stop, 8),
        (TurnShapeKind.Resume, 12),
    ];

    public static TurnShapeKind Pick(Random random)
    {
        var pick = random.Next(Weights.Sum(weight => weight.Weight));
        return Weights.First(weight => (pick -= weight.Weight) < 0).Kind;
    }

    /// <summary>The markers of a shape's (first) message.</summary>
    public static string Markers(TurnShapeKind kind) => kind switch
    {
        TurnShapeKind.Plain => "[sim:long=25] [sim:delay=40]",
        TurnShapeKind.Reasoning => "[sim:reasoning] [sim:long=20] [sim:delay=40]",
        TurnShapeKind.ToolCall => "what time is it [sim:tool=get_current_time] [sim:delay=30]",
        TurnShapeKind.SubSession => $"[sim:tool=run_sub_session:{SubSessionArguments}] [sim:delay=30]",
        TurnShapeKind.FollowUp or TurnShapeKind.Stop or TurnShapeKind.Resume => LongAnswer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A short child task the parent waits for, so the child's turn runs through the queue during the parent's.</summary>
    private static readonly string SubSessionArguments =
        JsonSerializer.Serialize(new { prompt = "sub-task [sim:long=10] [sim:delay=30]", wait_for_result = 30 });
}
