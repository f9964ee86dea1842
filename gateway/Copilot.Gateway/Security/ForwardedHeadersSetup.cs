using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Copilot.Gateway.Security;

/// <summary>
/// Behind a load balancer the client's address and scheme arrive in <c>X-Forwarded-For</c>/<c>-Proto</c>. They are
/// believed only from trusted proxies: loopback by default, plus <c>ForwardedHeaders:KnownProxies</c> (addresses) and
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR). Rate limiting and logs then see the real client, and YARP passes
/// the chain on to the services.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IHostApplicationBuilder AddEdgeForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Host is not taken from the client: nothing here builds absolute URLs, and a spoofed host helps no one.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = section.GetValue("ForwardLimit", 1);
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }
}
