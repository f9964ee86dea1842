using System.Security.Claims;
using System.Text;
using Copilot.Gateway.Security;
using Copilot.ServiceDefaults.Authentication;
using Copilot.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Copilot.Gateway.Apis;

/// <summary>
/// Issues tokens for any user name so the web client and curl work on the embedded default. It exists only in the
/// Development environment and only with a symmetric signing key: a production deployment uses a real OIDC provider.
/// </summary>
public static class DevelopmentTokenApi
{
    public sealed record TokenRequest(string? UserId, string[]? Roles, string? Email);

    public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string UserId);

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static IEndpointRouteBuilder MapDevelopmentTokenApi(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapPost("/dev/token", IssueToken).AllowAnonymous().RequireRateLimiting(AnonymousRateLimit.Policy).WithTags("Development");
        }

        return app;
    }

    public static Results<Ok<TokenResponse>, ProblemHttpResult> IssueToken(TokenRequest request, IOptions<JwtOptions> options, TimeProvider time)
    {
        var userId = request.UserId?.Trim() ?? "";
        // The services refuse a token whose sub breaks the user-id rules; minting one would only hand out a useless token.
        var problem = TextRules.FindUserIdProblem(userId) ?? (userId.Length > 100 ? "must be at most 100 characters" : null);
        if (problem is not null)
        {
            return TypedResults.Problem(detail: $"user_id {problem}.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if ((request.Roles ?? []).Any(role => string.IsNullOrWhiteSpace(role) || TextRules.FindProblem(role) is not null)
            || (request.Email is { } email && TextRules.FindProblem(email) is not null))
        {
            return TypedResults.Problem(detail: "roles must be non-empty strings, and roles and email must not contain NUL characters or unpaired surrogates.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var jwt = options.Value;
        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            return TypedResults.Problem(detail: "Development tokens need Jwt:SigningKey.", statusCode: StatusCodes.Status404NotFound);
        }

        var claims = new List<Claim> { new("sub", userId) };
        claims.AddRange((request.Roles ?? []).Select(role => new Claim("role", role)));
        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            claims.Add(new Claim("email", request.Email));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)Lifetime.TotalSeconds, userId));
    }
}
