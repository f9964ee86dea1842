using Copilot.ServiceDefaults;
using Copilot.Gateway.Security;
using Copilot.Gateway.SignIn;
using Copilot.Gateway.Telemetry;
using Copilot.Gateway.WebClient;
using Copilot.ServiceDefaults.Authentication;
using Yarp.ReverseProxy.Transforms;

namespace Copilot.Gateway.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Tokens are validated at the edge too, so anonymous junk never reaches a service.
        builder.AddCopilotJwtAuthentication();

        builder.Services.AddSnakeCaseApiJson();

        builder.AddEdgeForwardedHeaders();
        builder.AddForwardableHeaders();
        builder.AddEdgeCors();
        builder.AddAnonymousRateLimiting();
        builder.AddSecurityHeaders();
        builder.AddOidcSignIn();
        builder.AddWebClient();

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            // The service-to-service credential is never accepted from outside, even on public routes.
            .AddTransforms(context => context.AddRequestHeaderRemove(InternalApiKey.HeaderName).AddUpstreamTelemetry());
        return builder;
    }
}
