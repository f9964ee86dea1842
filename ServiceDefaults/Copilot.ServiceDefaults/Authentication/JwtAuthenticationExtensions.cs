using System.Text;
using Copilot.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Copilot.ServiceDefaults.Authentication;

public static class JwtAuthenticationExtensions
{
    public const string AdminPolicy = "admin";

    /// <summary>JWT bearer authentication and the authorization policies every API shares; all endpoints require a user unless marked anonymous.</summary>
    public static IHostApplicationBuilder AddCopilotJwtAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => !string.IsNullOrEmpty(options.Authority) || Encoding.UTF8.GetByteCount(options.SigningKey ?? "") >= 32,
                "Jwt:Authority or a Jwt:SigningKey of at least 32 bytes is required.")
            // Checked here, at start, rather than by JwtBearer on the first request.
            .Validate(options => string.IsNullOrEmpty(options.Authority) || !options.RequireHttpsMetadata
                    || options.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
                "Jwt:Authority must be an https URL unless Jwt:RequireHttpsMetadata is false.")
            .ValidateOnStart();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
            {
                var jwt = jwtOptions.Value;
                bearer.MapInboundClaims = false;
                bearer.Authority = string.IsNullOrEmpty(jwt.Authority) ? null : jwt.Authority;
                bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                bearer.Events = new JwtBearerEvents { OnTokenValidated = RefuseUnusableUserIds };
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                    ClockSkew = TimeSpan.FromSeconds(30),
                    IssuerSigningKey = string.IsNullOrEmpty(jwt.SigningKey)
                        ? null
                        : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole("admin"));
        return builder;
    }

    /// <summary>
    /// A signed token can still name a user no service can store (a <c>sub</c> holding NUL or control characters, or
    /// longer than an account id); it is refused here, once, rather than failing every store it would reach.
    /// </summary>
    private static Task RefuseUnusableUserIds(TokenValidatedContext context)
    {
        if (TextRules.FindUserIdProblem(context.Principal?.FindFirst("sub")?.Value) is { } problem)
        {
            context.Fail($"The token's sub {problem}.");
        }

        return Task.CompletedTask;
    }
}
