using System.ComponentModel.DataAnnotations;

namespace Copilot.Executor.Tools;

public sealed class ToolOptions
{
    public const string SectionName = "Executor:Tools";

    /// <summary>
    /// Prerequisite gates: tool name → the tool that must have been called earlier in the same session (the seed's
    /// guide-read gate, generalised). An empty value removes a gate. The default makes the model look a memory up
    /// before deleting it, so it never forgets by guessing an id.
    /// </summary>
    public Dictionary<string, string> Prerequisites { get; set; } = new(StringComparer.Ordinal) { ["forget_memory"] = "search_memory" };

    /// <summary>How deep sub-sessions may nest (a sub-session delegating again counts one more level).</summary>
    [Range(1, 10)]
    public int MaxSubSessionDepth { get; set; } = 3;
}
