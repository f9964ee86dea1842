namespace Copilot.FakeStripe;

/// <summary>An error the fake answers in Stripe's shape: <c>{"error": {"type", "message", "code", "param"}}</c>.</summary>
public sealed class StripeError(int status, string type, string message, string? code = null, string? param = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Code { get; } = code;

    public string? Param { get; } = param;

    public static StripeError Missing(string kind, string id) =>
        new(404, "invalid_request_error", $"No such {kind}: '{id}'", "resource_missing", "id");

    public static StripeError Invalid(string message, string? param = null) =>
        new(400, "invalid_request_error", message, "parameter_invalid", param);

    public object ToBody() => new { error = new { type = Type, message = Message, code = Code, param = Param } };
}
