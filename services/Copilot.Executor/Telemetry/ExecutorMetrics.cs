using System.Diagnostics.Metrics;
using Copilot.Contracts;
using Copilot.ServiceDefaults.Telemetry;

namespace Copilot.Executor.Telemetry;

/// <summary>
/// The executor's instruments on the service meter (<c>Copilot.Executor</c>). Turn-level numbers come from MassTransit
/// observers (<see cref="TurnObservers"/>) around the consumer and its CopilotTurnCompleted, so the turn loop stays
/// free of metrics calls; only the model's time to first token is measured where the stream is read.
/// </summary>
public sealed class ExecutorMetrics
{
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Counter<long> _turnsCompleted;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _toolCalls;

    public ExecutorMetrics(ServiceMeter meter)
    {
        ActiveTurns = meter.Meter.CreateUpDownCounter<long>(
            "copilot.executor.active_turns", "{turn}", "RunCopilotTurn messages this executor is consuming now.");
        _turnsCompleted = meter.Meter.CreateCounter<long>(
            "copilot.turns.completed", "{turn}", "Turns that ended, by outcome (completed, failed, cancelled).");
        _turnDuration = meter.Meter.CreateHistogram<double>(
            "copilot.turn.duration", "s", "How long ended turns ran, by outcome.");
        _toolCalls = meter.Meter.CreateCounter<long>(
            "copilot.tool.calls", "{call}", "Tool calls of ended turns, by tool and outcome (succeeded, failed).");
        _timeToFirstToken = meter.Meter.CreateHistogram<double>(
            "copilot.llm.time_to_first_token", "s", "From sending a model request to its first text, reasoning or tool-call delta, by model.");
    }

    public UpDownCounter<long> ActiveTurns { get; }

    public void TurnEnded(CopilotTurnCompleted turn)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", turn.Outcome.ToString().ToLowerInvariant());
        _turnsCompleted.Add(1, outcome);
        _turnDuration.Record(turn.Duration.TotalSeconds, outcome);
        foreach (var call in turn.ToolCalls)
        {
            _toolCalls.Add(1,
                new KeyValuePair<string, object?>("tool", call.ToolName),
                new KeyValuePair<string, object?>("outcome", call.Succeeded ? "succeeded" : "failed"));
        }
    }

    public void FirstToken(string model, TimeSpan elapsed) =>
        _timeToFirstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model));
}
