using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stripe;

namespace Copilot.Billing.Webhooks;

/// <summary>
/// <c>POST /api/credits/stripe_webhook</c>, authenticated by Stripe's signature only. It verifies, stores and
/// acknowledges; <see cref="StripeEventWorker"/> does the work, so Stripe gets its 200 fast and nothing acknowledged
/// can be lost.
/// </summary>
public static partial class StripeWebhookApi
{
    /// <summary>Stripe's default: a signature older (or newer) than five minutes is a replay.</summary>
    public const long ToleranceSeconds = 300;

    public static RouteGroupBuilder MapStripeWebhook(this RouteGroupBuilder credits)
    {
        credits.MapPost("/stripe_webhook", Receive).AllowAnonymous();
        return credits;
    }

    public static async Task<Results<Ok, ProblemHttpResult>> Receive(
        HttpRequest request, StripeEventInbox inbox, IOptionsSnapshot<BillingOptions> options, ILogger<StripeEventInbox> logger,
        CancellationToken cancellationToken)
    {
        var secret = options.Value.StripeWebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            // An empty key would let anyone compute a valid HMAC.
            LogNotConfigured(logger);
            return TypedResults.Problem(detail: "Webhook not configured", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        if (!HasValidSignature(payload, request.Headers["Stripe-Signature"].ToString(), secret))
        {
            return TypedResults.Problem(detail: "Invalid signature", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!TryReadEnvelope(payload, out var id, out var type, out var hasObject))
        {
            return TypedResults.Problem(detail: "Invalid payload", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!hasObject)
        {
            // Failing after a valid signature would make Stripe retry a payload that can never succeed.
            LogMissingObject(logger, type, id);
            return TypedResults.Ok();
        }

        if (!await inbox.StoreAsync(id, type, payload, cancellationToken))
        {
            LogDuplicate(logger, type, id);
        }

        return TypedResults.Ok();
    }

    /// <summary>Stripe.net's own verification: <c>t=…,v1=…</c>, HMAC-SHA256 of "t.payload", within the tolerance.</summary>
    private static bool HasValidSignature(string payload, string header, string secret)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        try
        {
            EventUtility.ValidateSignature(payload, header, secret, ToleranceSeconds);
            return true;
        }
        catch (Exception exception) when (exception is StripeException or FormatException or OverflowException or ArgumentException)
        {
            return false;
        }
    }

    private static bool TryReadEnvelope(string payload, out string id, out string type, out bool hasObject)
    {
        (id, type, hasObject) = ("", "", false);
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                || idElement.GetString() is not { Length: > 0 and <= 255 } eventId)
            {
                return false;
            }

            id = eventId;
            type = root.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
                ? typeElement.GetString() ?? ""
                : "";
            hasObject = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("object", out var dataObject) && dataObject.ValueKind == JsonValueKind.Object;
            return type.Length <= 100;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe webhook refused: Billing:StripeWebhookSecret is not configured")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe webhook {EventType} ({EventId}) has a missing or non-object data.object; ignored")]
    private static partial void LogMissingObject(ILogger logger, string eventType, string eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe webhook {EventType} ({EventId}) was already received; ignored")]
    private static partial void LogDuplicate(ILogger logger, string eventType, string eventId);
}
