namespace Copilot.Executor.Tools.Results;

/// <summary>
/// What the model reads of a tool's output: everything up to <see cref="MaxChars"/>, then a marker saying how much is
/// left and how to read it. The output itself is stored whole (a <c>tool</c> row), which <see cref="ReadToolResultTool"/>
/// pages through — the same cut applies when an earlier turn's result is sent again.
/// </summary>
public static class ToolOutputCut
{
    public const int MaxChars = 100_000;

    public static string ForModel(string output, string? toolCallId) =>
        output.Length <= MaxChars ? output : output[..MaxChars] + Marker(output.Length - MaxChars, toolCallId);

    private static string Marker(int rest, string? toolCallId) => toolCallId is null
        ? $"\n[output truncated: {rest} more characters]"
        : $"\n[output truncated: {rest} more characters; read them with {ReadToolResultTool.ToolName}(tool_call_id=\"{toolCallId}\", offset={MaxChars})]";
}
