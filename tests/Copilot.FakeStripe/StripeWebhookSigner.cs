using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Copilot.FakeStripe;

/// <summary>Stripe's webhook signature scheme: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.payload")&gt;</c>.</summary>
public static class StripeWebhookSigner
{
    public static string Sign(string payload, string secret, DateTimeOffset timestamp)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}

/// <summary>Delivers events to a webhook endpoint the way Stripe does: raw JSON body, signed, one POST per event.</summary>
public sealed class StripeWebhookSender(HttpClient http, Uri endpoint, string secret)
{
    public Uri Endpoint { get; } = endpoint;

    /// <summary>Signs <paramref name="stripeEvent"/> now (or at <paramref name="signedAt"/>) and posts it.</summary>
    public Task<HttpResponseMessage> SendAsync(JsonObject stripeEvent, DateTimeOffset? signedAt = null)
    {
        var payload = stripeEvent.ToJsonString();
        return SendRawAsync(payload, StripeWebhookSigner.Sign(payload, secret, signedAt ?? DateTimeOffset.UtcNow));
    }

    /// <summary>Posts <paramref name="payload"/> with exactly <paramref name="signatureHeader"/> (null: no header), for negative tests.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(string payload, string? signatureHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (signatureHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signatureHeader);
        }

        return await http.SendAsync(request);
    }

    public string Sign(string payload, DateTimeOffset signedAt) => StripeWebhookSigner.Sign(payload, secret, signedAt);
}
