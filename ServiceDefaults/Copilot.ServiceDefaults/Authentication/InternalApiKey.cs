using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Copilot.ServiceDefaults.Authentication;

/// <summary>
/// Service-to-service credential for internal endpoints (never routed by the gateway): a shared secret in the
/// <see cref="HeaderName"/> header, configured as <c>Internal:ApiKey</c>.
/// </summary>
public static class InternalApiKey
{
    public const string Scheme = "Internal";
    public const string Policy = "internal";
    public const string HeaderName = "X-Internal-Api-Key";
    public const string ConfigurationKey = "Internal:ApiKey";

    public static IHostApplicationBuilder AddInternalApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, InternalApiKeyHandler>(Scheme, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser());
        builder.Services.TryAddTransient<InternalApiKeyDelegatingHandler>();
        return builder;
    }

    /// <summary>
    /// Adds the internal credential to every request of an HttpClient that calls another service's internal API; works
    /// in a service that serves no internal endpoint of its own (the executor calling usage).
    /// </summary>
    public static IHttpClientBuilder AddInternalApiKey(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddTransient<InternalApiKeyDelegatingHandler>();
        return builder.AddHttpMessageHandler<InternalApiKeyDelegatingHandler>();
    }

    internal static bool Matches(string? presented, string? expected) =>
        !string.IsNullOrEmpty(expected) && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}

internal sealed class InternalApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Microsoft.Extensions.Configuration.IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(InternalApiKey.HeaderName, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!InternalApiKey.Matches(presented.ToString(), configuration[InternalApiKey.ConfigurationKey]))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid internal credential."));
        }

        var identity = new ClaimsIdentity([new Claim("sub", "internal")], InternalApiKey.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), InternalApiKey.Scheme)));
    }
}

internal sealed class InternalApiKeyDelegatingHandler(Microsoft.Extensions.Configuration.IConfiguration configuration) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation(InternalApiKey.HeaderName, configuration[InternalApiKey.ConfigurationKey]);
        return base.SendAsync(request, cancellationToken);
    }
}
