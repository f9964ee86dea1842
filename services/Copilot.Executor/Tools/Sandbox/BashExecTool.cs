using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>
/// <c>bash_exec</c>: runs a Bash command in the session's sandbox and answers
/// <c>{"message", "stdout", "stderr", "exit_code", "timed_out"}</c>. Without a working sandbox it refuses.
/// </summary>
public sealed class BashExecTool(BubblewrapSandbox sandbox, SandboxWorkspaces workspaces) : ICopilotTool
{
    public const string ToolName = "bash_exec";
    public const int DefaultTimeoutSeconds = 120;

    // The runner cuts every call at MaxToolWait with a bare error; stopping the command a little earlier lets the
    // model see its own "timed out" result with the output so far.
    private static readonly TimeSpan LongestTimeout = ToolRunner.MaxToolWait - TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions ResultJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => ToolName;

    public string Description =>
        "Execute a Bash command or script in a sandbox. Useful for scripts, calculations and data processing. " +
        $"The working directory {BubblewrapSandbox.WorkspacePath} keeps its files across calls in this chat; /tmp is emptied after each call. " +
        "There is no network access and the system is read-only. Killed after `timeout` seconds.";

    public JsonObject ParametersSchema => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["command"] = new JsonObject { ["type"] = "string", ["description"] = "The Bash command or script to run." },
            ["timeout"] = new JsonObject
            {
                ["type"] = "integer",
                ["default"] = DefaultTimeoutSeconds,
                ["description"] = "Timeout in seconds; raise for long-running commands.",
            },
        },
        ["required"] = new JsonArray("command"),
    };

    public async Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (await sandbox.UnavailableReasonAsync() is { } reason)
        {
            return ToolResult.Error(
                $"bash_exec is disabled: no sandbox is available on this executor ({reason}). Commands are never run without a sandbox.");
        }

        if (!invocation.Arguments.TryGetProperty("command", out var commandElement)
            || commandElement.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(commandElement.GetString()))
        {
            return ToolResult.Error("bash_exec needs a non-empty string `command`.");
        }

        if (TimeoutOf(invocation.Arguments) is not { } timeout)
        {
            return ToolResult.Error("bash_exec's `timeout` must be a positive number of seconds.");
        }

        var workspace = workspaces.Use(invocation.UserId, invocation.SessionId);
        var run = await sandbox.RunAsync(workspace, commandElement.GetString()!, timeout < LongestTimeout ? timeout : LongestTimeout, cancellationToken);
        var result = new JsonObject
        {
            ["message"] = run.TimedOut ? "Execution timed out" : $"Command executed with status code {run.ExitCode}",
            ["stdout"] = run.Stdout,
            ["stderr"] = run.Stderr,
            ["exit_code"] = run.ExitCode,
            ["timed_out"] = run.TimedOut,
        };
        return new ToolResult(result.ToJsonString(ResultJson));
    }

    /// <summary>The requested timeout, the default when absent, null when unusable. Numeric strings are accepted: models send them.</summary>
    private static TimeSpan? TimeoutOf(JsonElement arguments)
    {
        if (!arguments.TryGetProperty("timeout", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return TimeSpan.FromSeconds(DefaultTimeoutSeconds);
        }

        var seconds = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
        return seconds is > 0 and < 1e6 ? TimeSpan.FromSeconds(seconds) : null;
    }
}
