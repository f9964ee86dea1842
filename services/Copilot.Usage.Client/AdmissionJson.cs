using System.Text.Json;

namespace Copilot.Usage.Client;

/// <summary>
/// How the internal admission API's bodies are written and read on both sides: web defaults (camelCase), not the
/// public API's snake_case.
/// </summary>
public static class AdmissionJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
