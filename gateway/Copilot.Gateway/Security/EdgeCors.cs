namespace Copilot.Gateway.Security;

/// <summary>
/// Cross-origin access for the origins in <c>Cors:AllowedOrigins</c> (a web client hosted elsewhere); none by
/// default, since the gateway serves its own client on the same origin. Tokens travel in the Authorization header,
/// so no credentials (cookies) are allowed.
/// </summary>
public static class EdgeCors
{
    public const string SectionName = "Cors:AllowedOrigins";

    public static IHostApplicationBuilder AddEdgeCors(this IHostApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection(SectionName).Get<string[]>() ?? [];
        builder.Services.AddCors(cors =>
        {
            if (origins.Length > 0)
            {
                cors.AddDefaultPolicy(policy => policy
                    .WithOrigins(origins)
                    .AllowAnyHeader()
                    .AllowAnyMethod()
                    // The AI SDK reads the stream marker; clients back off on Retry-After.
                    .WithExposedHeaders("x-vercel-ai-ui-message-stream", "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
            }
        });
        return builder;
    }
}
