using System.Diagnostics;
using System.Text.Json.Nodes;
using Copilot.Chat.Data;
using Copilot.Chat.Sessions;
using Copilot.Chat.Turns;
using Copilot.Executor.Tools.Common;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools.SubSessions;

/// <summary>
/// Delegates a task to a child session of the same user. The child's turn goes through the same queue as chat turns,
/// so any executor replica may run it and it survives the parent's tab closing or worker restarting.
/// </summary>
public sealed class RunSubSessionTool(IServiceScopeFactory scopes, IOptions<ToolOptions> options) : ICopilotTool
{
    public const string ToolName = "run_sub_session";

    public string Name => ToolName;

    public string Description =>
        "Delegate a task to a fresh sub-AutoPilot. Runs on the copilot executor queue — survives tab-close AND worker restarts. " +
        "Waits up to wait_for_result sec (max 300). If not done, returns status=running + sub_session_id — poll via get_sub_session_result.";

    public JsonObject ParametersSchema => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["prompt"] = new JsonObject { ["type"] = "string", ["description"] = "The task for the sub-AutoPilot." },
            ["system_context"] = new JsonObject { ["type"] = "string", ["description"] = "Optional extra context prepended to the prompt.", ["default"] = "" },
            ["sub_autopilot_session_id"] = new JsonObject { ["type"] = "string", ["description"] = "Continue/queue-into a prior sub; empty = new.", ["default"] = "" },
            ["wait_for_result"] = new JsonObject
            {
                ["type"] = "integer", ["description"] = "0 = return immediately. Clamped to 300.", ["default"] = SubSessionWaits.DefaultWaitSeconds,
                ["minimum"] = 0, ["maximum"] = SubSessionWaits.MaxWaitSeconds,
            },
        },
        ["required"] = new JsonArray("prompt"),
    };

    public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(invocation, new ToolArguments(invocation.Arguments), cancellationToken);
        }
        catch (ToolArgumentException exception)
        {
            return ToolResult.Error(exception.Message);
        }
    }

    private async Task<ToolResult> RunAsync(ToolInvocation invocation, ToolArguments arguments, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var prompt = arguments.OptionalString("prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return ToolResult.Error("prompt is required");
        }

        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ChatSessions>();
        var parent = await sessions.FindOwnedAsync(invocation.SessionId, invocation.UserId, cancellationToken);
        if (parent is null)
        {
            return ToolResult.Error("Authentication required");
        }

        var resumeId = arguments.OptionalString("sub_autopilot_session_id")?.Trim();
        ChatSession? child;
        if (!string.IsNullOrEmpty(resumeId))
        {
            child = Guid.TryParse(resumeId, out var id) ? await sessions.FindOwnedAsync(id, invocation.UserId, cancellationToken) : null;
            if (child is null)
            {
                return ToolResult.Error(
                    $"sub_autopilot_session_id {resumeId} is not a session you own. Leave empty to start a fresh sub, or pass a session_id " +
                    "returned by a previous run_sub_session call of yours.");
            }
        }
        else
        {
            var parentMetadata = SessionMetadata.Parse(parent.Metadata);
            var depth = parentMetadata.Depth + 1;
            if (depth > options.Value.MaxSubSessionDepth)
            {
                return ToolResult.Error($"Sub-sessions can nest at most {options.Value.MaxSubSessionDepth} levels deep; do this task here instead of delegating it.");
            }

            // Untitled: its first turn names it after the task, as every session is named.
            child = await sessions.CreateAsync(invocation.UserId, new SessionMetadata(parentMetadata.DryRun, parent.Id, depth),
                title: null, cancellationToken);
        }

        var context = arguments.OptionalString("system_context")?.Trim();
        var message = string.IsNullOrEmpty(context) ? prompt : $"[System Context: {context}]\n\n{prompt}";
        var wait = SubSessionWaits.Clamp(arguments.OptionalInt("wait_for_result") ?? SubSessionWaits.DefaultWaitSeconds);
        var submitted = await scope.ServiceProvider.GetRequiredService<TurnSubmitter>().SubmitAsync(
            new MessageSubmission(child, message, TurnOrigins.SubSessionOf(parent.Id)) { Permissions = invocation.Permissions, Mode = invocation.Mode }, cancellationToken);
        if (submitted is SubmitOutcome.Refused refused)
        {
            // The user's usage limit covers sub-sessions too: the parent model learns why the delegation did not run.
            return ToolResult.Error($"Sub-AutoPilot was not started: {refused.Verdict.RefusalText}");
        }

        var (outcome, result) = await scope.ServiceProvider.GetRequiredService<TurnResultWaiter>().WaitAsync(
            submitted, child.UserId, SubSessionWaits.Budget(wait), cancellationToken);
        return SubSessionStatus.From(outcome, result, child.Id, parent.Id, clock.Elapsed).ToResult();
    }
}
