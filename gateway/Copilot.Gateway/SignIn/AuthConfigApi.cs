using Copilot.Gateway.Security;
using Copilot.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Copilot.Gateway.SignIn;

/// <summary>
/// Tells the web client how to sign in: with the configured OIDC provider, with the development token endpoint, or
/// not at all (a deployment that configured neither).
/// </summary>
public static class AuthConfigApi
{
    public const string Development = "development";
    public const string Oidc = "oidc";
    public const string None = "none";

    public sealed record AuthConfig(string Mode, string? Authority, string? ClientId, string? Scope);

    public static IHostApplicationBuilder AddOidcSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OidcOptions>()
            .BindConfiguration(OidcOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    public static IEndpointRouteBuilder MapAuthConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/auth/config", GetConfig).AllowAnonymous().RequireRateLimiting(AnonymousRateLimit.Policy).WithTags("Sign-in");
        return app;
    }

    public static Ok<AuthConfig> GetConfig(IOptions<OidcOptions> oidcOptions, IOptions<JwtOptions> jwtOptions, IHostEnvironment environment)
    {
        var oidc = oidcOptions.Value;
        if (oidc.Enabled)
        {
            return TypedResults.Ok(new AuthConfig(Oidc, oidc.Authority, oidc.ClientId, oidc.Scope));
        }

        // The same conditions under which POST /dev/token issues tokens.
        var development = environment.IsDevelopment() && !string.IsNullOrEmpty(jwtOptions.Value.SigningKey);
        return TypedResults.Ok(new AuthConfig(development ? Development : None, null, null, null));
    }
}
