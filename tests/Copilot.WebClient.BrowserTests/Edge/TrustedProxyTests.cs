using System.Net;
using System.Net.Http.Json;
using Copilot.Testing;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>A gateway told about the load balancer in front of it, outside the shared edge fixture (which trusts no proxy).</summary>
public sealed class TrustedProxyTests
{
    private const int Permits = 2;

    [Fact]
    public async Task Only_a_configured_proxy_names_the_client_that_the_anonymous_rate_limit_counts()
    {
        var proxy = LoopbackPeer.NewAddress();
        await using var gateway = await StartGatewayAsync(proxy);
        using var throughProxy = LoopbackPeer.CreateClient(gateway.BaseAddress, proxy);
        using var direct = LoopbackPeer.CreateClient(gateway.BaseAddress, LoopbackPeer.NewAddress());

        var forwarded = new List<HttpStatusCode>();
        var forged = new List<HttpStatusCode>();
        for (var i = 1; i <= Permits * 2; i++)
        {
            forwarded.Add(await RequestTokenAsync(throughProxy, $"203.0.113.{i}"));
            forged.Add(await RequestTokenAsync(direct, $"198.51.100.{i}"));
        }

        forwarded.Should().AllBeEquivalentTo(HttpStatusCode.OK, "each client the proxy names has a budget of its own");
        forged.Should().Equal(Enumerable.Repeat(HttpStatusCode.OK, Permits).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, Permits)),
            "a peer that is not a configured proxy is the client, whatever it claims");
    }

    private static async Task<HttpStatusCode> RequestTokenAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/dev/token") { Content = JsonContent.Create(new { user_id = "behind-a-proxy" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }

    private static Task<ServiceProcess> StartGatewayAsync(IPAddress proxy)
    {
        var gateway = new ServiceProcessOptions("gateway/Copilot.Gateway") { Name = "proxied-gateway" };
        gateway.Environment["Jwt__SigningKey"] = TestTokens.SigningKey;
        gateway.Environment["Jwt__Issuer"] = TestTokens.Issuer;
        gateway.Environment["Jwt__Audience"] = TestTokens.Audience;
        gateway.Environment["ForwardedHeaders__KnownProxies__0"] = proxy.ToString();
        gateway.Environment["RateLimiting__Anonymous__PermitLimit"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ServiceProcess.StartAsync(gateway);
    }
}
