using System.Diagnostics;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Mcp;
using Copilot.Testing;
using Copilot.Testing.Processes;

namespace Copilot.Executor.ToolTests.Mcp;

public sealed class HttpServerTests
{
    [Fact]
    public async Task Tools_of_an_http_server_are_discovered_and_callable()
    {
        await using var server = await McpHttpTestServer.StartAsync(PortAllocator.GetFreePort());
        await using var harness = await McpHarness.StartAsync(McpHarness.QuickOptions("remote", new McpServerOptions { Url = server.Url.ToString() }));

        await harness.WaitUntilAsync(names => names.Count > 0);
        var echo = await harness.CallAsync("mcp__remote__echo", new { text = "hello over http" });

        harness.ToolNames().Should().Equal("mcp__remote__add", "mcp__remote__echo", "mcp__remote__fail", "mcp__remote__pixel");
        echo.Should().Be(new ToolResult("hello over http"));
    }

    [Fact]
    public async Task A_server_unreachable_at_start_is_retried_in_the_background_and_its_tools_appear_once_it_is_up()
    {
        var port = PortAllocator.GetFreePort();
        var clock = Stopwatch.StartNew();
        await using var harness = await McpHarness.StartAsync(McpHarness.QuickOptions("late", new McpServerOptions { Url = $"http://127.0.0.1:{port}/mcp" }));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "start-up never waits for a server");
        // The connector's retries leave no trace to wait for: watched for a while instead.
        await Consistently.HoldsAsync(() => harness.ToolNames().Should().BeEmpty("a server that is down offers nothing"), TimeSpan.FromSeconds(1));
        await using var server = await McpHttpTestServer.StartAsync(port);

        await harness.WaitUntilAsync(names => names.Contains("mcp__late__echo"));
        (await harness.CallAsync("mcp__late__echo", new { text = "finally" })).Should().Be(new ToolResult("finally"));
    }

    [Fact]
    public async Task A_server_that_goes_away_has_its_tools_withdrawn_until_it_is_back()
    {
        var port = PortAllocator.GetFreePort();
        var server = await McpHttpTestServer.StartAsync(port);
        await using var harness = await McpHarness.StartAsync(McpHarness.QuickOptions("flaky", new McpServerOptions { Url = $"http://127.0.0.1:{port}/mcp" }));
        await harness.WaitUntilAsync(names => names.Count == 4);

        await server.DisposeAsync();
        await harness.WaitUntilAsync(names => names.Count == 0);
        await using var restarted = await McpHttpTestServer.StartAsync(port);

        await harness.WaitUntilAsync(names => names.Count == 4);
        (await harness.CallAsync("mcp__flaky__add", new { a = 20, b = 22 })).Should().Be(new ToolResult("42"));
    }
}
