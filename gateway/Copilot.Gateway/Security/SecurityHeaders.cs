using Microsoft.Extensions.Options;

namespace Copilot.Gateway.Security;

/// <summary>
/// Security headers on every response leaving the edge, proxied ones included (a header a service set itself is
/// left alone). They are added when the response starts, so streamed responses get them too.
/// </summary>
public static class SecurityHeaders
{
    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.SectionName);
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value;
        (string Name, string Value)[] headers =
        [
            ("Content-Security-Policy", options.ContentSecurityPolicy),
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
}
