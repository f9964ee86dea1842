using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Testing;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>The gateway's own duties, tested on the real process against a recording fake upstream.</summary>
[Collection(EdgeCollection.Name)]
public sealed class EdgeHardeningTests(EdgeFixture edge)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/copilot?sessionId=7c9e6679-7425-40de-944b-e07fc1f90ae7")]
    [InlineData("/subscription")]
    [InlineData("/auth/callback?code=abc&state=xyz")]
    public async Task Page_paths_serve_the_web_client_anonymously_and_uncached(string path)
    {
        using var client = edge.Client();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.Should().Be("text/html");
        response.Headers.CacheControl?.NoCache.Should().BeTrue();
        (await response.Content.ReadAsStringAsync()).Should().Contain(EdgeFixture.IndexMarker);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_good_and_missing_files_are_404s()
    {
        using var client = edge.Client();

        var asset = await client.GetAsync(EdgeFixture.AssetPath);
        var missing = await client.GetAsync("/assets/app-000000.js");

        asset.StatusCode.Should().Be(HttpStatusCode.OK);
        asset.Headers.CacheControl?.ToString().Should().Be("public, max-age=31536000, immutable");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/does-not-exist")]
    [InlineData("/internal/usage/alice/admission")]
    [InlineData("/INTERNAL/usage/alice/admission")]
    [InlineData("/dev/unknown")]
    public async Task Unknown_api_and_internal_paths_are_404_problems_that_never_reach_a_service(string path)
    {
        using var client = edge.Client($"edge-{Guid.NewGuid():N}");
        client.DefaultRequestHeaders.Add("X-Internal-Api-Key", "guess");

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        edge.Upstream.Requests.Should().NotContain(r => r.Path.Contains("internal", StringComparison.OrdinalIgnoreCase) || r.Path == path);
    }

    [Theory]
    [InlineData("/", null)]
    [InlineData("/api/chat/sessions", "edge-user")]
    [InlineData("/api/chat/sessions", null)]
    [InlineData("/health", null)]
    public async Task Every_response_carries_the_security_headers(string path, string? user)
    {
        using var client = edge.Client(user);

        var response = await client.GetAsync(path);

        var headers = response.Headers;
        headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'").And.Contain("default-src 'self'").And.Contain("object-src 'none'");
        headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
        headers.GetValues("X-Frame-Options").Should().Equal("DENY");
    }

    [Fact]
    public async Task The_auth_config_reports_development_sign_in_and_the_csp_names_no_provider()
    {
        using var client = edge.Client();

        var response = await client.GetAsync("/auth/config");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>();
        config.GetProperty("mode").GetString().Should().Be("development");
        config.GetProperty("authority").ValueKind.Should().Be(JsonValueKind.Null);
        config.GetProperty("client_id").ValueKind.Should().Be(JsonValueKind.Null);
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("connect-src 'self';");
    }

    [Fact]
    public async Task Tokens_are_checked_at_the_edge_and_the_internal_credential_is_never_forwarded()
    {
        var user = $"edge-{Guid.NewGuid():N}";
        using var anonymous = edge.Client();
        using var signedIn = edge.Client(user);
        signedIn.DefaultRequestHeaders.Add("X-Internal-Api-Key", "smuggled");

        var refused = await anonymous.GetAsync($"/api/chat/sessions?who={user}-anonymous");
        var allowed = await signedIn.GetAsync($"/api/chat/sessions?who={user}");

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        var forwarded = edge.Upstream.Requests.Where(r => r.Path == "/api/chat/sessions").Select(r => r.Headers)
            .Where(h => h.TryGetValue("Authorization", out var auth) && auth.Length > 7).ToList();
        forwarded.Should().ContainSingle(h => h["Authorization"] == signedIn.DefaultRequestHeaders.Authorization!.ToString());
        forwarded.Should().OnlyContain(h => !h.ContainsKey("X-Internal-Api-Key"));
        forwarded.Should().OnlyContain(h => h.ContainsKey("X-Forwarded-For"));
    }

    [Fact]
    public async Task Cross_origin_requests_are_allowed_only_from_configured_origins()
    {
        using var client = edge.Client();

        var allowed = await client.SendAsync(Preflight(EdgeFixture.AllowedOrigin));
        var foreign = await client.SendAsync(Preflight("https://evil.example.test"));

        allowed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(EdgeFixture.AllowedOrigin);
        allowed.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("authorization");
        foreign.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        edge.Upstream.Requests.Should().NotContain(r => r.Method == "OPTIONS");
    }

    [Fact]
    public async Task Anonymous_endpoints_are_rate_limited_per_client_address()
    {
        using var client = edge.ClientFrom(LoopbackPeer.NewAddress());
        using var otherClient = edge.ClientFrom(LoopbackPeer.NewAddress());

        var tokens = new List<HttpStatusCode>();
        for (var i = 0; i <= EdgeFixture.AnonymousPermits; i++)
        {
            tokens.Add((await client.SendAsync(TokenRequest())).StatusCode);
        }

        var limited = await client.SendAsync(TokenRequest());
        var other = await otherClient.SendAsync(TokenRequest());
        var webhook = await client.PostAsync("/api/credits/stripe_webhook", new StringContent("{}"));
        var authConfig = await client.GetAsync("/auth/config");

        tokens.Take(EdgeFixture.AnonymousPermits).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        tokens[^1].Should().Be(HttpStatusCode.TooManyRequests);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        limited.Headers.RetryAfter.Should().NotBeNull();
        other.StatusCode.Should().Be(HttpStatusCode.OK);
        webhook.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the Stripe webhook is anonymous too");
        authConfig.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the sign-in configuration is anonymous too");
    }

    [Fact]
    public async Task A_rate_limited_client_that_accepts_no_json_still_gets_a_429_problem()
    {
        using var client = edge.ClientFrom(LoopbackPeer.NewAddress());
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < EdgeFixture.AnonymousPermits; i++)
        {
            statuses.Add((await client.GetAsync("/auth/config")).StatusCode);
        }

        var limited = await client.GetAsync("/auth/config");

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Forged_forwarded_for_addresses_share_the_connections_rate_limit()
    {
        using var client = edge.ClientFrom(LoopbackPeer.NewAddress());

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= EdgeFixture.AnonymousPermits * 2; i++)
        {
            var request = TokenRequest();
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        statuses.Take(EdgeFixture.AnonymousPermits).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        statuses.Skip(EdgeFixture.AnonymousPermits).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests,
            "no proxy is trusted by default, so a made-up client address buys no budget of its own");
    }

    [Fact]
    public async Task The_anonymous_webhook_reaches_billing_without_a_token_naming_the_real_client()
    {
        var peer = LoopbackPeer.NewAddress();
        using var client = edge.ClientFrom(peer);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/credits/stripe_webhook") { Content = new StringContent("{}") };
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        edge.Upstream.Requests.Should().Contain(r => r.Method == "POST" && r.Path == "/api/credits/stripe_webhook"
            && r.Headers["X-Forwarded-For"] == peer.ToString());
        edge.Upstream.Requests.Should().NotContain(r => r.Headers.GetValueOrDefault("X-Forwarded-For", "").Contains("198.51.100.7"));
    }

    [Fact]
    public async Task The_stream_ttl_is_read_without_a_token_and_other_chat_routes_still_need_one()
    {
        // An address of its own: the route shares the anonymous rate limit, which other tests spend.
        using var anonymous = edge.ClientFrom(LoopbackPeer.NewAddress());

        var ttl = await anonymous.GetAsync("/api/chat/config/ttl");
        var prompts = await anonymous.GetAsync("/api/chat/suggested-prompts");

        ttl.StatusCode.Should().Be(HttpStatusCode.OK);
        edge.Upstream.Requests.Should().Contain(r => r.Method == "GET" && r.Path == "/api/chat/config/ttl");
        prompts.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_seed_usage_path_is_an_alias_of_the_usage_api()
    {
        using var client = edge.Client($"edge-{Guid.NewGuid():N}");

        var response = await client.GetFromJsonAsync<Dictionary<string, string>>("/api/chat/usage/reset-probe");

        response!["path"].Should().Be("/api/usage/reset-probe");
    }

    [Fact]
    public async Task Server_sent_events_pass_through_as_they_are_written()
    {
        using var client = edge.Client($"edge-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/api/chat/sse", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var firstEvent = await reader.ReadLineAsync();
        var firstAt = clock.Elapsed;
        var rest = await reader.ReadToEndAsync();
        var total = clock.Elapsed;

        response.Content.Headers.ContentType?.MediaType.Should().Be("text/event-stream");
        firstEvent.Should().Be("id: 0");
        rest.Should().EndWith("data: [DONE]\n\n");
        (total - firstAt).Should().BeGreaterThan(FakeUpstream.SseInterval * (FakeUpstream.SseEvents - 2),
            "the first event arrived while the upstream was still writing the others, not in one buffered burst");
    }

    [Fact]
    public async Task Workspace_uploads_may_exceed_the_general_body_limit_but_no_other_route_may()
    {
        using var client = edge.Client($"edge-{Guid.NewGuid():N}");
        var twoMiB = new byte[2 * 1024 * 1024];

        var upload = await client.PostAsync("/api/workspace/files", new ByteArrayContent(twoMiB));
        var chat = await client.SendAsync(Refusable("/api/chat/sessions", twoMiB.Length));
        var overTheFileLimit = await client.SendAsync(Refusable("/api/workspace/files", 11 * 1024 * 1024));

        upload.StatusCode.Should().Be(HttpStatusCode.OK);
        edge.Upstream.Requests.Should().Contain(r => r.Path == "/api/workspace/files" && r.BodyBytes == twoMiB.Length);
        chat.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        overTheFileLimit.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        edge.Upstream.Requests.Should().NotContain(r => r.BodyBytes > twoMiB.Length);
    }

    /// <summary>A body the gateway should refuse from its declared length; 100-continue keeps the client from sending it.</summary>
    private static HttpRequestMessage Refusable(string path, int bytes) => new(HttpMethod.Post, path)
    {
        Content = new ByteArrayContent(new byte[bytes]),
        Headers = { ExpectContinue = true },
    };

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/chat/sessions");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    private static HttpRequestMessage TokenRequest() =>
        new(HttpMethod.Post, "/dev/token") { Content = JsonContent.Create(new { user_id = "rate-limited" }) };
}
