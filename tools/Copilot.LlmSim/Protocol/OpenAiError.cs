using System.Text.Json;

namespace Copilot.LlmSim.Protocol;

/// <summary>The error body OpenAI-compatible clients parse for non-2xx responses.</summary>
public sealed record OpenAiError(OpenAiErrorBody Error)
{
    public static OpenAiError For(int status, string message) => new(new OpenAiErrorBody(message, TypeFor(status), status));

    /// <summary>
    /// A request the upstream provider refused, as OpenRouter relays it: the provider's own error body verbatim in
    /// <c>metadata.raw</c> (here Anthropic's <c>{"type":"error","error":{…}}</c>).
    /// </summary>
    public static OpenAiError FromProvider(int status, string message, string providerName)
    {
        var raw = JsonSerializer.Serialize(new { type = "error", error = new { type = TypeFor(status), message } }, SimJson.Options);
        return new(new OpenAiErrorBody(message, TypeFor(status), status, new ProviderErrorMetadata(raw, providerName)));
    }

    private static string TypeFor(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}

public sealed record OpenAiErrorBody(string Message, string Type, int Code, ProviderErrorMetadata? Metadata = null);

public sealed record ProviderErrorMetadata(string Raw, string ProviderName);
