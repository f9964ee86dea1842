using System.Diagnostics;
using System.Net;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Web;

namespace Copilot.Executor.ToolTests.Web;

public sealed class WebFetchTests : IAsyncLifetime
{
    private WebTestServer _server = null!;

    public async Task InitializeAsync() => _server = await WebTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private WebFetchHarness Allowed(Action<WebFetchOptions>? configure = null) => new(options =>
    {
        options.AllowedHosts = [_server.Authority];
        configure?.Invoke(options);
    });

    [Fact]
    public async Task An_html_page_is_read_as_text_with_its_title()
    {
        using var harness = Allowed();

        var json = WebFetchHarness.Json(await harness.FetchAsync(_server.Url("/page")));

        json.GetProperty("url").GetString().Should().Be(_server.Url("/page"));
        json.GetProperty("status").GetInt32().Should().Be(200);
        json.GetProperty("content_type").GetString().Should().Be("text/html");
        json.GetProperty("title").GetString().Should().Be("Opening hours & prices");
        json.GetProperty("content").GetString().Should().Be("Opening hours\n\nMonday to Friday, 9–17.\n\n- Tea: 2 €\n- Cake: 3 €");
        json.GetProperty("truncated").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Markdown_comes_back_as_it_is()
    {
        using var harness = Allowed();

        var json = WebFetchHarness.Json(await harness.FetchAsync(_server.Url("/notes.md")));

        json.GetProperty("content").GetString().Should().Be("# Notes\n\n- keep   spacing\n");
        json.TryGetProperty("title", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Redirects_are_followed_and_the_final_url_reported()
    {
        using var harness = Allowed();

        var json = WebFetchHarness.Json(await harness.FetchAsync(_server.Url("/moved-twice")));

        json.GetProperty("url").GetString().Should().Be(_server.Url("/page"));
        json.GetProperty("title").GetString().Should().Be("Opening hours & prices");
    }

    [Fact]
    public async Task Too_many_redirects_are_an_error()
    {
        using var harness = Allowed(options => options.MaxRedirects = 2);

        var result = await harness.FetchAsync(_server.Url("/loop"));

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain("after 2 redirects");
    }

    [Fact]
    public async Task The_read_stops_at_the_size_cap_and_says_truncated()
    {
        using var harness = Allowed(options => options.MaxResponseBytes = 4096);

        var json = WebFetchHarness.Json(await harness.FetchAsync(_server.Url("/big")));

        json.GetProperty("content").GetString().Should().HaveLength(4096);
        json.GetProperty("truncated").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Max_chars_cuts_the_content()
    {
        using var harness = Allowed();

        var json = WebFetchHarness.Json(await harness.FetchAsync(_server.Url("/page"), maxChars: 13));

        json.GetProperty("content").GetString().Should().Be("Opening hours");
        json.GetProperty("truncated").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("/to-private", "web_fetch refuses 10.0.0.1: private addresses*")]
    [InlineData("/to-metadata", "web_fetch refuses 169.254.169.254: link-local addresses*")]
    [InlineData("/to-ftp", "web_fetch only fetches http and https URLs, not ftp ones.")]
    public async Task A_redirect_to_a_refused_address_is_refused(string path, string message)
    {
        using var harness = Allowed();
        var clock = Stopwatch.StartNew();

        var result = await harness.FetchAsync(_server.Url(path));

        result.IsError.Should().BeTrue();
        result.Output.Should().Match(message);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the hop is refused before connecting");
    }

    [Fact]
    public async Task Binary_content_is_an_error_naming_its_type()
    {
        using var harness = Allowed();

        var result = await harness.FetchAsync(_server.Url("/pixel.png"));

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain("image/png");
    }

    [Fact]
    public async Task An_error_status_is_returned_once_without_retries()
    {
        using var harness = Allowed();

        var json = WebFetchHarness.Json(await harness.FetchAsync(_server.Url("/unavailable")));

        json.GetProperty("status").GetInt32().Should().Be(503);
        json.GetProperty("content").GetString().Should().Be("Down for maintenance");
        _server.UnavailableHits.Should().Be(1, "the defaults' resilience handler is not on this client");
    }

    [Fact]
    public async Task The_local_server_is_refused_without_the_allow_list()
    {
        using var harness = new WebFetchHarness();

        var result = await harness.FetchAsync(_server.Url("/page"));

        result.Should().Be(ToolResult.Error(
            "web_fetch refuses 127.0.0.1: loopback addresses are not reachable from the copilot. Only public web addresses can be fetched."));
    }

    [Theory]
    [InlineData("http://10.0.0.1/", "web_fetch refuses 10.0.0.1: private*")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "web_fetch refuses 169.254.169.254: link-local*")]
    [InlineData("http://[::1]/", "web_fetch refuses ?::1]: loopback*")]
    [InlineData("http://localhost/", "web_fetch refuses localhost: loopback*")]
    [InlineData("http://[::ffff:192.168.1.1]:8080/", "web_fetch refuses*private*")]
    [InlineData("ftp://example.com/file.txt", "web_fetch only fetches http and https URLs*")]
    [InlineData("https://admin:pw@example.com/", "web_fetch refuses URLs with credentials*")]
    [InlineData("not a url", "'not a url' is not an absolute URL*")]
    public async Task Internal_and_unsupported_urls_are_refused_at_once(string url, string message)
    {
        using var harness = new WebFetchHarness();
        var clock = Stopwatch.StartNew();

        var result = await harness.FetchAsync(url);

        result.IsError.Should().BeTrue();
        result.Output.Should().Match(message);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "nothing is connected to, so nothing can time out");
    }

    [Fact]
    public async Task The_connector_checks_resolved_addresses_whatever_the_url_check_let_through()
    {
        using var harness = new WebFetchHarness();

        var connect = () => harness.Connector.ConnectAsync(new DnsEndPoint("localhost", _server.Port), CancellationToken.None).AsTask();

        (await connect.Should().ThrowAsync<WebFetchRefusedException>()).WithMessage("web_fetch refuses localhost (*): loopback*");
    }

    [Fact]
    public async Task The_connector_connects_to_an_allowed_host()
    {
        using var harness = Allowed();

        await using var stream = await harness.Connector.ConnectAsync(new DnsEndPoint("127.0.0.1", _server.Port), CancellationToken.None);

        stream.CanWrite.Should().BeTrue();
    }
}
