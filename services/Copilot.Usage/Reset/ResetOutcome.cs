using Copilot.Usage.Status;

namespace Copilot.Usage.Reset;

/// <summary>The seed's <c>RateLimitResetResponse</c>: credits in cents, usage as percentages only.</summary>
public sealed record ResetResponse(bool Success, long CreditsCharged, long RemainingBalance, PublicUsage Usage);

/// <summary>Either the reset's response or a refusal with the seed's status code and text.</summary>
public sealed record ResetOutcome(ResetResponse? Response, int StatusCode, string? Detail)
{
    public static ResetOutcome Succeeded(ResetResponse response) => new(response, StatusCodes.Status200OK, null);

    public static ResetOutcome Refused(int statusCode, string detail) => new(null, statusCode, detail);
}
