using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Copilot.Gateway.Security;

/// <summary>
/// The gateway is the edge: by default the client is the connection's peer, and <c>X-Forwarded-For</c>/<c>-Proto</c>
/// are ignored, since anyone may send them (a forged address would buy a fresh anonymous rate-limit budget). Behind
/// a load balancer they are believed only from the proxies named in <c>ForwardedHeaders:KnownProxies</c> (addresses)
/// and <c>ForwardedHeaders:KnownNetworks</c> (CIDR); rate limiting and logs then see the real client, and YARP
/// passes it on to the services.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IHostApplicationBuilder AddEdgeForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardLimit = section.GetValue("ForwardLimit", 1);
            // ASP.NET trusts loopback out of the box, which on the edge is anyone who connects through a local tunnel
            // or sidecar; only what is configured counts.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            // With both lists empty the middleware would believe every sender rather than none, so then it reads
            // nothing. Host is never taken from the client: nothing here builds absolute URLs from it.
            options.ForwardedHeaders = options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
        });
        return builder;
    }
}
