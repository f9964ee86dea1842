using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Copilot.FakeOidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Copilot.WebClient.BrowserTests.Oidc;

/// <summary>The code + PKCE exchange the web client performs, done over plain HTTP (for the fixture's warm-up).</summary>
public static class ProviderTokens
{
    public static async Task<string> SignInAsync(FakeOidcServer provider, string clientId, Uri redirectUri)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(provider.Authority) };

        var authorize = await client.GetAsync(QueryHelpers.AddQueryString("/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri.ToString(),
            ["scope"] = "openid",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = "warm-up",
        }));
        var code = QueryHelpers.ParseQuery(authorize.Headers.Location?.Query)["code"].ToString();
        var token = await client.PostAsync("/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["client_id"] = clientId,
            ["code_verifier"] = verifier,
        }));
        token.EnsureSuccessStatusCode();
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }
}
