using System.Text.Json;

namespace Copilot.Executor.Tools;

/// <summary>
/// Lenient readers for a tool's JSON arguments: models send numbers as strings and omit defaults, so a wrong type
/// reads as "not given" and the tool's own default or validation applies.
/// </summary>
public static class ToolArguments
{
    public static string? String(this JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static int Int(this JsonElement arguments, string name, int fallback)
    {
        if (!arguments.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDouble(out var number) => (int)Math.Clamp(number, int.MinValue, int.MaxValue),
            JsonValueKind.String when int.TryParse(value.GetString(), out var parsed) => parsed,
            _ => fallback,
        };
    }

    public static bool Bool(this JsonElement arguments, string name, bool fallback = false) =>
        arguments.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => fallback,
        } : fallback;
}
