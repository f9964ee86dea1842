namespace Copilot.LlmSim.Protocol;

/// <summary>The error body OpenAI-compatible clients parse for non-2xx responses.</summary>
public sealed record OpenAiError(OpenAiErrorBody Error)
{
    public static OpenAiError For(int status, string message) => new(new OpenAiErrorBody(message, TypeFor(status), status));

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

public sealed record OpenAiErrorBody(string Message, string Type, int Code);
