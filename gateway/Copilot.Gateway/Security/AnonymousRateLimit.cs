using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Copilot.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Copilot.Gateway.Security;

/// <summary>Per-client-IP limit of the endpoints that take no token (configuration section <c>RateLimiting:Anonymous</c>).</summary>
public sealed class AnonymousRateLimitOptions
{
    public const string SectionName = "RateLimiting:Anonymous";

    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Endpoints reachable without a token (the development token endpoint, the sign-in configuration, the Stripe
/// webhook) are rate limited per client IP, so nobody can hammer them for free; authenticated traffic is limited by
/// the services (usage, queue caps).
/// The client IP is the forwarded one when the request came through a trusted proxy (see <see cref="ForwardedHeadersSetup"/>).
/// </summary>
public static class AnonymousRateLimit
{
    /// <summary>Also named by the anonymous YARP routes (<c>RateLimiterPolicy</c> in appsettings.json).</summary>
    public const string Policy = "anonymous-per-ip";

    public static IHostApplicationBuilder AddAnonymousRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnonymousRateLimitOptions>()
            .BindConfiguration(AnonymousRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.Window > TimeSpan.Zero, "RateLimiting:Anonymous:Window must be positive.")
            .ValidateOnStart();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<AnonymousRateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PermitLimit, Window = options.Window, QueueLimit = 0 });
            });
            limiter.OnRejected = WriteRejectionAsync;
        });
        return builder;
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.SetThrottleReason(Policy);
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        // A problem result falls back to plain problem JSON when the Accept header rules out what the problem
        // details service writes; that service alone threw then, and the refusal became a 500.
        await TypedResults.Problem(detail: "Too many requests. Please try again later.", statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(context);
    }
}
