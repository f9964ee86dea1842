using Copilot.Gateway.SignIn;
using Microsoft.Extensions.Options;

namespace Copilot.Gateway.Security;

/// <summary>
/// Security headers on every response leaving the edge, proxied ones included (a header a service set itself is
/// left alone). They are added when the response starts, so streamed responses get them too.
/// </summary>
public static class SecurityHeaders
{
    private const string ConnectSrc = "connect-src";

    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.SectionName);
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value;
        var oidc = app.Services.GetRequiredService<IOptions<OidcOptions>>().Value;
        (string Name, string Value)[] headers =
        [
            ("Content-Security-Policy", WithConnectSource(options.ContentSecurityPolicy, oidc.AuthorityOrigin)),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", options.ReferrerPolicy),
            // For browsers that predate CSP's frame-ancestors.
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
        ];

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                foreach (var (name, value) in headers)
                {
                    if (!string.IsNullOrEmpty(value))
                    {
                        context.Response.Headers.TryAdd(name, value);
                    }
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// The web client fetches the OIDC provider's discovery document and token endpoint itself, so the provider's
    /// origin joins <c>connect-src</c> (added when the policy has none, which would otherwise fall back to default-src).
    /// </summary>
    public static string WithConnectSource(string policy, string? origin)
    {
        if (string.IsNullOrEmpty(policy) || string.IsNullOrEmpty(origin))
        {
            return policy;
        }

        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var index = directives.FindIndex(directive => directive.Equals(ConnectSrc, StringComparison.OrdinalIgnoreCase)
            || directive.StartsWith(ConnectSrc + " ", StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            directives.Add($"{ConnectSrc} 'self' {origin}");
        }
        else
        {
            directives[index] = $"{directives[index]} {origin}";
        }

        return string.Join("; ", directives);
    }
}
