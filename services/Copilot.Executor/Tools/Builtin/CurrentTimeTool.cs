using System.Globalization;
using System.Text.Json.Nodes;

namespace Copilot.Executor.Tools.Builtin;

/// <summary>Tells the model the current UTC time: harmless, and the smallest real tool to exercise the loop.</summary>
public sealed class CurrentTimeTool(TimeProvider time) : ICopilotTool
{
    public string Name => "get_current_time";

    public string Description => "Returns the current date and time in UTC (ISO 8601).";

    public JsonObject ParametersSchema => new() { ["type"] = "object", ["properties"] = new JsonObject() };

    public Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(new ToolResult(time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
}
