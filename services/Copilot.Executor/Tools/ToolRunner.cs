using System.Text.Json;
using Copilot.Contracts;
using Copilot.Executor.Tools.Results;

namespace Copilot.Executor.Tools;

/// <summary>
/// Runs one tool call with the platform's guarantees: permission check, prerequisite gates, the <see cref="MaxToolWait"/> cap, and any
/// failure turned into an error result for the model instead of a failed turn.
/// </summary>
public sealed partial class ToolRunner(ToolRegistry registry, ToolGates gates, ILogger<ToolRunner> logger)
{
    /// <summary>The longest a single tool call may block (the stream-idle watchdog is twice this).</summary>
    public static readonly TimeSpan MaxToolWait = TimeSpan.FromSeconds(300);

    /// <summary>Tool output beyond this many characters is cut for the model (it is stored whole).</summary>
    public const int MaxOutputCharsForModel = ToolOutputCut.MaxChars;

    public async Task<ToolResult> RunAsync(
        string toolName, ToolInvocation invocation, CopilotPermissions? permissions, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var tool = registry.Find(toolName);
        if (tool is null || !ToolRegistry.IsAllowed(permissions, toolName))
        {
            return ToolResult.Error($"Tool '{toolName}' is not available in this session.");
        }

        if (invocation.Arguments.ValueKind != JsonValueKind.Object)
        {
            return ToolResult.Error("Tool arguments must be a JSON object.");
        }

        if (await gates.RefusalAsync(toolName, invocation.SessionId, cancellationToken) is { } refusal)
        {
            return ToolResult.Error(refusal);
        }

        var cap = timeout is { } t && t < MaxToolWait ? t : MaxToolWait;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(cap);
        try
        {
            return await tool.ExecuteAsync(invocation, deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogToolTimeout(toolName, invocation.SessionId, (int)cap.TotalSeconds);
            return ToolResult.Error($"Tool '{toolName}' did not finish within {(int)cap.TotalSeconds} seconds.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogToolFailed(exception, toolName, invocation.SessionId);
            return ToolResult.Error($"Tool '{toolName}' failed: {exception.Message}");
        }
    }

    // Grep-friendly on purpose: operators search logs for "TOOL_TIMEOUT".
    [LoggerMessage(Level = LogLevel.Warning, Message = "TOOL_TIMEOUT tool={ToolName} session={SessionId} after {Seconds}s")]
    private partial void LogToolTimeout(string toolName, Guid sessionId, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {ToolName} failed in session {SessionId}")]
    private partial void LogToolFailed(Exception exception, string toolName, Guid sessionId);
}
