using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>Header values the gateway cannot forward (it sends ASCII only) are the client's error, not a failed upstream.</summary>
[Collection(EdgeCollection.Name)]
public sealed class UnforwardableHeaderTests(EdgeFixture edge)
{
    private const string Session = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    [Theory]
    [InlineData("GET", "/api/chat/sessions", "X-Anything", "café", "utf-8", null)]
    [InlineData("GET", $"/api/chat/sessions/{Session}/stream", "Last-Event-ID", "éé-1", "utf-8", "text/event-stream")]
    [InlineData("POST", "/api/credits/stripe_webhook", "Stripe-Signature", "t=1,v1=ünïcode", "utf-8", null)]
    [InlineData("GET", "/api/chat/sessions", "X-Anything", "\u00ff\u00fe not UTF-8", "iso-8859-1", null)]
    [InlineData("GET", "/api/usage/me", "X-Anything", "bell\u0007", "utf-8", null)]
    public async Task A_header_value_that_is_not_printable_ascii_is_a_400_problem_naming_the_header(
        string method, string path, string header, string value, string encoding, string? accept)
    {
        using var client = ClientSending(Encoding.GetEncoding(encoding));
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}") : null };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For($"edge-{Guid.NewGuid():N}"));
        request.Headers.TryAddWithoutValidation(header, value).Should().BeTrue();
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("header").GetString().Should().Be(header);
        problem.GetProperty("detail").GetString().Should().Contain($"'{header}'");
        edge.Upstream.Requests.Should().NotContain(r => r.Headers.ContainsKey(header), "nothing is sent upstream");
    }

    [Fact]
    public async Task The_gateways_own_endpoints_forward_nothing_and_take_such_a_header()
    {
        using var client = ClientSending(Encoding.UTF8);
        var request = new HttpRequestMessage(HttpMethod.Get, "/auth/config");
        request.Headers.TryAddWithoutValidation("X-Anything", "café");

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A client of its own address (the webhook is rate limited per client) that can send any header value.</summary>
    private HttpClient ClientSending(Encoding headerEncoding)
    {
        var handler = LoopbackPeer.Handler(LoopbackPeer.NewAddress());
        // HttpClient itself refuses header values that are not ASCII unless told how to encode them.
        handler.RequestHeaderEncodingSelector = (_, _) => headerEncoding;
        return new HttpClient(handler) { BaseAddress = edge.Gateway.BaseAddress };
    }
}
