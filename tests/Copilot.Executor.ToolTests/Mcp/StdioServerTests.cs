using Copilot.Contracts;
using Copilot.Executor.Tools;
using Copilot.McpTestServer;

namespace Copilot.Executor.ToolTests.Mcp;

/// <summary>One test MCP server launched over stdio, shared by the tests of this class.</summary>
public sealed class StdioServerFixture : IAsyncLifetime
{
    public McpHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await McpHarness.StartAsync(McpHarness.QuickOptions("test", McpHarness.StdioTestServer()));
        await Harness.WaitUntilAsync(names => names.Count > 0);
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

public sealed class StdioServerTests(StdioServerFixture fixture) : IClassFixture<StdioServerFixture>
{
    private McpHarness Harness => fixture.Harness;

    [Fact]
    public void Every_tool_of_the_server_is_offered_with_its_description_and_input_schema()
    {
        Harness.ToolNames().Should().Equal("mcp__test__add", "mcp__test__echo", "mcp__test__fail", "mcp__test__pixel");
        var echo = Harness.Registry.Find("mcp__test__echo")!;
        echo.Description.Should().Be("Returns the text it was given.");
        echo.ParametersSchema["type"]!.GetValue<string>().Should().Be("object");
        echo.ParametersSchema["properties"]!["text"]!["type"]!.GetValue<string>().Should().Be("string");
        echo.ParametersSchema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("text");
        for (var turn = 0; turn < 2; turn++)
        {
            ToolRegistry.Schemas(Harness.Registry.Allowed(null)).ToJsonString().Should().Contain("\"name\":\"mcp__test__echo\"",
                "the schemas go into every turn's model request");
        }
    }

    [Fact]
    public async Task A_tool_call_reaches_the_server_and_its_text_comes_back()
    {
        var echo = await Harness.CallAsync("mcp__test__echo", new { text = "hello over stdio" });
        var sum = await Harness.CallAsync("mcp__test__add", new { a = 2, b = 40 });

        echo.Should().Be(new ToolResult("hello over stdio"));
        sum.Should().Be(new ToolResult("42"));
    }

    [Fact]
    public async Task A_failing_mcp_tool_becomes_an_error_result()
    {
        var result = await Harness.CallAsync("mcp__test__fail", new { message = "the disk is on fire" });

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain("the disk is on fire");
    }

    [Fact]
    public async Task Non_text_content_is_described()
    {
        var result = await Harness.CallAsync("mcp__test__pixel", new { });

        result.Should().Be(new ToolResult($"[image: image/png, {TestTools.Pixel.Length} bytes]"));
    }

    [Fact]
    public async Task Permissions_can_deny_an_mcp_tool()
    {
        var denyAdd = new CopilotPermissions(AllowAll: true, AllowedTools: [], DeniedTools: ["mcp__test__add"]);
        var onlyEcho = new CopilotPermissions(AllowAll: false, AllowedTools: ["mcp__test__echo"], DeniedTools: []);

        Harness.Registry.Allowed(denyAdd).Select(t => t.Name).Should().NotContain("mcp__test__add").And.Contain("mcp__test__echo");
        Harness.Registry.Allowed(onlyEcho).Select(t => t.Name).Should().Equal("mcp__test__echo");
        var denied = await Harness.CallAsync("mcp__test__add", new { a = 1, b = 2 }, denyAdd);
        denied.Should().Be(ToolResult.Error("Tool 'mcp__test__add' is not available in this session."));
    }
}
