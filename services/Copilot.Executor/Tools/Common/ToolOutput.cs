using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.Executor.Tools.Common;

/// <summary>Tool results as the model reads them: compact snake_case JSON, like the public API.</summary>
public static class ToolOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The reader is a model, not a browser: file text keeps its '<', '&' and accents instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ToolResult Json<T>(T value) => new(JsonSerializer.Serialize(value, Options));
}
