using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Copilot.FakeOidc;

/// <summary>
/// The provider's endpoints, as a browser-based public client (the web client) uses them: discovery, JWKS,
/// /authorize (approves <see cref="FakeOidcOptions.Subject"/> at once) and /token (authorization code + PKCE S256).
/// </summary>
public static class FakeOidcApi
{
    public static WebApplication MapFakeOidc(this WebApplication app, FakeOidcState state)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(Discovery(state.Issuer)));
        app.MapGet("/jwks", () => Results.Json(state.Signer.Jwks()));
        app.MapGet("/authorize", (HttpRequest request) => Authorize(request.Query, state));
        app.MapPost("/token", async (HttpRequest request) => Token(request.HasFormContentType ? await request.ReadFormAsync() : null, state));
        return app;
    }

    private static JsonObject Discovery(string issuer) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = $"{issuer}/authorize",
        ["token_endpoint"] = $"{issuer}/token",
        ["jwks_uri"] = $"{issuer}/jwks",
        ["response_types_supported"] = new JsonArray("code"),
        ["grant_types_supported"] = new JsonArray("authorization_code"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
        ["scopes_supported"] = new JsonArray("openid", "profile", "email"),
    };

    private static IResult Authorize(IQueryCollection query, FakeOidcState state)
    {
        var options = state.Options;
        string redirectUri = query["redirect_uri"].ToString();
        // Never redirect to an address the client did not register: an unknown client or URI gets a page, not a redirect.
        if (query["client_id"] != options.ClientId)
        {
            return Results.BadRequest("Unknown client_id.");
        }

        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var redirect) || (options.RedirectUri is { } registered && redirect != registered))
        {
            return Results.BadRequest("redirect_uri is not registered for this client.");
        }

        var parameters = new Dictionary<string, string?>();
        if (query["state"] is { Count: > 0 } clientState)
        {
            parameters["state"] = clientState.ToString();
        }

        if (query["response_type"] != "code")
        {
            parameters["error"] = "unsupported_response_type";
        }
        else if (string.IsNullOrEmpty(query["code_challenge"]) || query["code_challenge_method"] != "S256")
        {
            parameters["error"] = "invalid_request";
            parameters["error_description"] = "PKCE with code_challenge_method=S256 is required.";
        }
        else
        {
            parameters["code"] = state.IssueCode(new PendingCode(options.ClientId, redirectUri, query["code_challenge"].ToString(),
                query["scope"].ToString(), DateTimeOffset.UtcNow + FakeOidcState.CodeLifetime));
        }

        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters));
    }

    private static IResult Token(IFormCollection? form, FakeOidcState state)
    {
        if (form is null || form["grant_type"] != "authorization_code")
        {
            return Error("unsupported_grant_type", "Only grant_type=authorization_code is supported.");
        }

        var pending = state.Redeem(form["code"].ToString());
        if (pending is null)
        {
            return Error("invalid_grant", "The code is unknown, expired or already used.");
        }

        if (form["client_id"] != pending.ClientId || form["redirect_uri"] != pending.RedirectUri)
        {
            return Error("invalid_grant", "client_id or redirect_uri differ from the authorization request.");
        }

        var verifier = form["code_verifier"].ToString();
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length < 43 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(challenge), Encoding.ASCII.GetBytes(pending.CodeChallenge)))
        {
            return Error("invalid_grant", "PKCE verification failed: code_verifier does not match code_challenge.");
        }

        var options = state.Options;
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = state.Issuer,
            ["aud"] = options.Audience,
            ["sub"] = options.Subject,
            ["client_id"] = pending.ClientId,
            ["scope"] = pending.Scope,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + options.TokenLifetime).ToUnixTimeSeconds(),
        };
        if (options.Email is { } email)
        {
            claims["email"] = email;
        }

        state.CountIssuedToken();
        return Results.Json(new JsonObject
        {
            ["access_token"] = state.Signer.Sign(claims),
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)options.TokenLifetime.TotalSeconds,
            ["scope"] = pending.Scope,
        });
    }

    private static IResult Error(string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
}
