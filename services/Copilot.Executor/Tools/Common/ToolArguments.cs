using System.Globalization;
using System.Text.Json;

namespace Copilot.Executor.Tools.Common;

/// <summary>A tool argument is missing or has the wrong type; its message is written for the model to correct the call.</summary>
public sealed class ToolArgumentException(string message) : Exception(message);

/// <summary>
/// Typed reads of a tool call's arguments object. Models sometimes send numbers as strings ("5") or explicit nulls for
/// optional fields; both are accepted.
/// </summary>
public readonly struct ToolArguments(JsonElement arguments)
{
    /// <exception cref="ToolArgumentException">The argument is missing, not a string, or blank.</exception>
    public string RequiredString(string name) =>
        OptionalString(name) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ToolArgumentException($"'{name}' is required and must be a non-empty string.");

    /// <exception cref="ToolArgumentException">The argument is present but not a string.</exception>
    public string? OptionalString(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new ToolArgumentException($"'{name}' must be a string."),
    };

    /// <exception cref="ToolArgumentException">The argument is present but not a whole number.</exception>
    public int? OptionalInt(string name) => Find(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        { ValueKind: JsonValueKind.String } value
            when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw new ToolArgumentException($"'{name}' must be a whole number."),
    };

    private JsonElement? Find(string name) =>
        arguments.ValueKind == JsonValueKind.Object
        && arguments.TryGetProperty(name, out var value)
        && value.ValueKind != JsonValueKind.Null
            ? value
            : null;
}
