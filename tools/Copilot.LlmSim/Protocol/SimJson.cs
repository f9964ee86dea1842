using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Copilot.LlmSim.Protocol;

public static class SimJson
{
    /// <summary>
    /// OpenAI's wire names are snake_case and absent fields are omitted; the few fields OpenRouter always sends,
    /// even as null (finish_reason), opt back in with <see cref="JsonIgnoreCondition.Never"/>. Nothing here is embedded
    /// in HTML, so quotes and non-ASCII text go out literally, as real providers send them, rather than as \u escapes.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
