using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Contracts;
using Copilot.Executor.Llm;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Results;

namespace Copilot.Executor.Turns;

public sealed partial class TurnRunner
{
    /// <summary>
    /// Runs the round's tool calls concurrently (each capped, each failure an error result), reports each output as
    /// it finishes, stores the results, then delivers queued follow-ups with the last result — unless no model round
    /// follows to read them (<paramref name="anotherRound"/> false): they then stay queued for the continuation turn.
    /// </summary>
    private async Task RunToolsAsync(
        RunCopilotTurn turn, UiStreamWriter writer, TurnState state, IReadOnlyList<PendingToolCall> calls, List<LlmMessage> context,
        bool anotherRound, CancellationToken cancellationToken)
    {
        var publishGate = new SemaphoreSlim(1, 1);
        var reported = new ToolResult?[calls.Count];
        try
        {
            await Task.WhenAll(calls.Select(async (call, index) =>
            {
                var result = call.ParsedArguments() is { } arguments
                    ? await toolRunner.RunAsync(call.Name, new ToolInvocation(turn.SessionId, turn.TurnId, turn.UserId, call.Id, arguments, turn.Permissions, turn.Mode),
                        turn.Permissions, timeout: null, cancellationToken)
                    : ToolResult.Error("The tool arguments were not valid JSON.");
                await publishGate.WaitAsync(CancellationToken.None);
                try
                {
                    await writer.PublishAsync(result.IsError
                        ? new ToolOutputErrorChunk(call.Id, result.Output)
                        : new ToolOutputAvailableChunk(call.Id, JsonSerializer.SerializeToElement(result.Output)));
                    reported[index] = result;
                }
                finally
                {
                    publishGate.Release();
                }
            }));
        }
        finally
        {
            // Also when Stop cut the round short: every result the client was shown survives a reload. The round's
            // assistant row, partly answered, is pruned with these rows at the next turn start.
            await StoreResultsAsync(turn, calls, reported);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = calls.Select((call, index) => (Call: call, Result: reported[index]!)).ToArray();
        state.RecordTools(results.Select(r => new ToolCallSummary(r.Call.Id, r.Call.Name, r.Call.Arguments.ToString(), !r.Result.IsError)));

        var injection = anotherRound ? await followUps.DeliverAsync(turn, writer) : "";
        for (var i = 0; i < results.Length; i++)
        {
            var content = ToolOutputCut.ForModel(results[i].Result.Output, results[i].Call.Id);
            if (i == results.Length - 1 && injection.Length > 0)
            {
                content = $"{content}\n\n{injection}";
            }

            context.Add(new LlmMessage(ChatRoles.Tool, content, ToolCallId: results[i].Call.Id, Name: results[i].Call.Name));
        }
    }

    /// <summary>The round's reported results, in call order.</summary>
    private async Task StoreResultsAsync(RunCopilotTurn turn, IReadOnlyList<PendingToolCall> calls, ToolResult?[] reported)
    {
        var rows = calls.Zip(reported)
            .Where(pair => pair.Second is not null)
            .Select(pair => new ChatMessage
            {
                Role = ChatRoles.Tool, Content = pair.Second!.Output, ToolCallId = pair.First.Id, Name = pair.First.Name, TurnId = turn.TurnId,
                IsError = pair.Second.IsError,
            })
            .ToList();
        if (rows.Count > 0)
        {
            await history.AppendAsync(turn.SessionId, rows, CancellationToken.None);
        }
    }

    /// <summary>Stores what the round produced as soon as it is complete: the last reasoning block, then the assistant row.</summary>
    private async Task PersistRoundAsync(RunCopilotTurn turn, ModelRound round, ReasoningRowWriter reasoning)
    {
        await reasoning.CloseAsync();
        if (round.AssistantRow() is { } assistant)
        {
            await history.AppendAsync(turn.SessionId, [assistant], CancellationToken.None);
        }
    }
}
