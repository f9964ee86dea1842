using System.Text.Json.Nodes;
using Copilot.Contracts;
using Copilot.Executor.Tools;

namespace Copilot.Executor.UnitTests;

public sealed class ToolRegistryRuntimeSourceTests
{
    private readonly ChangingSource _source = new();

    [Fact]
    public void Runtime_tools_are_listed_and_found_as_they_are_now()
    {
        var registry = new ToolRegistry([new FakeTool("get_current_time", "built in")], [_source]);

        registry.Allowed(null).Select(t => t.Name).Should().Equal("get_current_time");
        _source.Current = [new FakeTool("mcp__x__echo", "runtime")];

        registry.Allowed(null).Select(t => t.Name).Should().Equal("get_current_time", "mcp__x__echo");
        registry.Find("mcp__x__echo").Should().NotBeNull();
        _source.Current = [];
        registry.Find("mcp__x__echo").Should().BeNull("a withdrawn tool cannot be called");
    }

    [Fact]
    public void A_registered_tool_wins_over_a_runtime_tool_of_the_same_name()
    {
        var registry = new ToolRegistry([new FakeTool("echo", "built in")], [_source]);
        _source.Current = [new FakeTool("echo", "runtime")];

        registry.Find("echo")!.Description.Should().Be("built in");
        registry.Allowed(null).Should().ContainSingle().Which.Description.Should().Be("built in");
    }

    [Fact]
    public void Permissions_filter_runtime_tools_like_any_other()
    {
        var registry = new ToolRegistry([], [_source]);
        _source.Current = [new FakeTool("mcp__x__echo", "runtime"), new FakeTool("mcp__x__rm", "runtime")];

        registry.Allowed(new CopilotPermissions(AllowAll: true, AllowedTools: [], DeniedTools: ["mcp__x__rm"]))
            .Select(t => t.Name).Should().Equal("mcp__x__echo");
    }

    private sealed class ChangingSource : IRuntimeToolSource
    {
        public IReadOnlyList<ICopilotTool> Current { get; set; } = [];

        public IEnumerable<ICopilotTool> Tools => Current;

        public ICopilotTool? Find(string name) => Current.FirstOrDefault(tool => tool.Name == name);
    }

    private sealed class FakeTool(string name, string description) : ICopilotTool
    {
        public string Name => name;

        public string Description => description;

        public JsonObject ParametersSchema => new() { ["type"] = "object" };

        public Task<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
            Task.FromResult(new ToolResult(description));
    }
}
