using System.Net;
using System.Text.RegularExpressions;
using Copilot.WebClient.BrowserTests.Browser;

namespace Copilot.WebClient.BrowserTests.Edge;

/// <summary>What the real build (web/dist) costs a browser on its first load, through the gateway that serves it.</summary>
[Collection(WebClientStackCollection.Name)]
public sealed partial class FirstLoadSizeTests(WebClientStackFixture fixture)
{
    private const long FirstLoadScriptBudgetBytes = 200 * 1024;

    [Fact]
    public async Task The_first_load_scripts_transfer_compressed_within_200_KB_and_are_cached_for_good()
    {
        using var client = new HttpClient { BaseAddress = fixture.Gateway };
        var index = await client.GetAsync("/");
        index.Headers.CacheControl?.NoCache.Should().BeTrue("index.html names the current build's assets");
        var scripts = ScriptSource().Matches(await index.Content.ReadAsStringAsync()).Select(m => m.Groups["src"].Value).Distinct().ToList();
        scripts.Should().NotBeEmpty();

        long transferred = 0;
        foreach (var script in scripts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, script);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            using var response = await client.SendAsync(request);

            response.StatusCode.Should().Be(HttpStatusCode.OK, script);
            response.Content.Headers.ContentEncoding.Should().Equal(["br"], script);
            response.Content.Headers.ContentType?.MediaType.Should().Be("text/javascript", script);
            response.Headers.Vary.Should().Contain("Accept-Encoding");
            response.Headers.CacheControl?.ToString().Should().Be("public, max-age=31536000, immutable", script);
            transferred += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        transferred.Should().BeLessThanOrEqualTo(FirstLoadScriptBudgetBytes, "the first load's scripts ({0}) must stay within budget", string.Join(", ", scripts));
    }

    [Fact]
    public async Task The_favicon_is_served_at_both_addresses()
    {
        using var client = new HttpClient { BaseAddress = fixture.Gateway };

        var ico = await client.GetAsync("/favicon.ico");
        var svg = await client.GetAsync("/favicon.svg");

        ico.StatusCode.Should().Be(HttpStatusCode.OK);
        ico.Content.Headers.ContentType?.MediaType.Should().Be("image/x-icon");
        svg.StatusCode.Should().Be(HttpStatusCode.OK);
        svg.Content.Headers.ContentType?.MediaType.Should().Be("image/svg+xml");
    }

    /// <summary>Module scripts and the chunks the page preloads: everything the browser fetches before the app runs.</summary>
    [GeneratedRegex(@"<(?:script[^>]*\bsrc|link[^>]*\brel=""modulepreload""[^>]*\bhref)=""(?<src>/assets/[^""]+\.js)""")]
    private static partial Regex ScriptSource();
}
