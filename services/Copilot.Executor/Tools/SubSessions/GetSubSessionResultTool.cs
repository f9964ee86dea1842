using System.Diagnostics;
using System.Text.Json.Nodes;
using Copilot.Chat.Sessions;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;
using Copilot.Executor.Tools.Common;
using MassTransit;

namespace Copilot.Executor.Tools.SubSessions;

/// <summary>Polls, waits for or cancels a sub-session started by <see cref="RunSubSessionTool"/>, across turns.</summary>
public sealed class GetSubSessionResultTool(IServiceScopeFactory scopes, TurnStore turns, TurnResultWaiter waiter, IBus bus, TimeProvider time)
    : ICopilotTool
{
    public string Name => "get_sub_session_result";

    public string Description =>
        "Poll / wait / cancel a sub-AutoPilot from run_sub_session. Waits up to wait_if_running sec (max 300); cancel=true aborts; " +
        "include_progress=true returns recent messages from the still-running sub. Works across turns.";

    public JsonObject ParametersSchema => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["sub_session_id"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "The sub's session_id returned by run_sub_session (also accepted: sub_autopilot_session_id — same value).",
            },
            ["wait_if_running"] = new JsonObject
            {
                ["type"] = "integer", ["description"] = "Seconds to wait. 0 = just check. Clamped to 300.", ["default"] = SubSessionWaits.DefaultWaitSeconds,
                ["minimum"] = 0, ["maximum"] = SubSessionWaits.MaxWaitSeconds,
            },
            ["cancel"] = new JsonObject { ["type"] = "boolean", ["description"] = "Cancel the sub; takes precedence over wait_if_running.", ["default"] = false },
            ["include_progress"] = new JsonObject { ["type"] = "boolean", ["description"] = "Populate progress.last_messages when status=running.", ["default"] = false },
        },
        ["required"] = new JsonArray("sub_session_id"),
    };

    public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await PollAsync(invocation, new ToolArguments(invocation.Arguments), cancellationToken);
        }
        catch (ToolArgumentException exception)
        {
            return ToolResult.Error(exception.Message);
        }
    }

    private async Task<ToolResult> PollAsync(ToolInvocation invocation, ToolArguments arguments, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rawId = arguments.OptionalString("sub_session_id")?.Trim();
        if (string.IsNullOrEmpty(rawId))
        {
            return ToolResult.Error("sub_session_id is required");
        }

        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ChatSessions>();
        // Checked on every call: an id seen once must not become a key to someone else's session later.
        var sub = Guid.TryParse(rawId, out var id) ? await sessions.FindOwnedAsync(id, invocation.UserId, cancellationToken) : null;
        if (sub is null)
        {
            return ToolResult.Error($"No sub-session with id {rawId}. It may have never existed or belongs to another user.");
        }

        if (arguments.OptionalBool("cancel") == true)
        {
            await bus.Publish(new CancelCopilotTurn(sub.Id, TurnId: null, time.GetUtcNow()), cancellationToken);
            return new SubSessionStatus("cancelled", "Sub-AutoPilot cancel requested.", sub.Id, invocation.SessionId, 0.0).ToResult();
        }

        var transcript = scope.ServiceProvider.GetRequiredService<SubSessionTranscript>();
        var wait = SubSessionWaits.Clamp(arguments.OptionalInt("wait_if_running") ?? SubSessionWaits.DefaultWaitSeconds);
        // While a turn runs, the last stored answer belongs to an earlier turn and must not be reported as this one's.
        var inFlight = await turns.GetMetaAsync(sub.Id) is { IsRunning: true };
        var (outcome, result) = !inFlight && await transcript.TerminalResultAsync(sub.Id, cancellationToken) is { } terminal
            ? terminal
            : wait > 0
                ? await waiter.WaitAsync(sub.Id, invocation.UserId, SubSessionWaits.Budget(wait), cancellationToken)
                : (SessionOutcome.Running, SessionResult.Empty);

        var status = SubSessionStatus.From(outcome, result, sub.Id, invocation.SessionId, clock.Elapsed);
        if (outcome == SessionOutcome.Running && arguments.OptionalBool("include_progress") == true)
        {
            status = status with
            {
                Message = $"Sub-AutoPilot still running after {clock.Elapsed.TotalSeconds:0}s. Watch live at {SubSessionStatus.Link(sub.Id)}. " +
                    "Call again to keep waiting, or cancel=true to abort.",
                Progress = await transcript.ProgressAsync(sub.Id, cancellationToken),
            };
        }

        return status.ToResult();
    }
}
