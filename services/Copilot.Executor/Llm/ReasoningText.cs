using System.Text;
using System.Text.Json;

namespace Copilot.Executor.Llm;

/// <summary>
/// Extracts the user-visible reasoning text of one streamed delta. OpenRouter sends it in one of three shapes; they
/// are tried in priority order <c>reasoning</c> → <c>reasoning_content</c> → <c>reasoning_details[]</c>.
/// </summary>
public static class ReasoningText
{
    private static readonly HashSet<string> VisibleDetailTypes = ["reasoning.text", "reasoning.summary"];

    /// <summary>
    /// Returns the visible text ("" when none). A malformed payload yields "" and <paramref name="malformed"/> set:
    /// reasoning is optional, so corrupt data must never abort the stream.
    /// </summary>
    public static string FromDelta(JsonElement delta, out bool malformed)
    {
        malformed = false;
        if (delta.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        if (TryString(delta, "reasoning", ref malformed) is { Length: > 0 } legacy)
        {
            return legacy;
        }

        if (TryString(delta, "reasoning_content", ref malformed) is { Length: > 0 } content)
        {
            return content;
        }

        if (!delta.TryGetProperty("reasoning_details", out var details) || details.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        if (details.ValueKind != JsonValueKind.Array || details.EnumerateArray().Any(d => !IsWellFormedDetail(d)))
        {
            malformed = true;
            return "";
        }

        var text = new StringBuilder();
        foreach (var detail in details.EnumerateArray())
        {
            text.Append(VisibleText(detail));
        }

        return text.ToString();
    }

    /// <summary>Text of one detail: hidden for encrypted and unknown types; a missing type is legacy plain text.</summary>
    public static string VisibleText(JsonElement detail)
    {
        var type = detail.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is not null && !VisibleDetailTypes.Contains(type))
        {
            return "";
        }

        return StringOrNull(detail, "text") is { Length: > 0 } text ? text : StringOrNull(detail, "summary") ?? "";
    }

    private static bool IsWellFormedDetail(JsonElement detail) =>
        detail.ValueKind == JsonValueKind.Object
        && IsOptionalString(detail, "type")
        && IsOptionalString(detail, "text")
        && IsOptionalString(detail, "summary");

    private static bool IsOptionalString(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.String or JsonValueKind.Null;

    private static string? TryString(JsonElement element, string name, ref bool malformed)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            malformed = true;
            return null;
        }

        return value.GetString();
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
