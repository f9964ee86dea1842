using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Copilot.Executor.Tools;

namespace Copilot.Executor.UnitTests;

/// <summary>
/// Every built-in tool's schema is sent with every model call, so their total size is a budget (the seed's 32 000
/// characters). Tools are found by reflection: a new tool is covered without touching this test.
/// </summary>
public sealed partial class ToolCatalogTests
{
    public const int SchemaBudgetChars = 32_000;

    /// <summary>Name, description and schema are fixed per type, so instances need none of their services.</summary>
    private static IReadOnlyList<ICopilotTool> BuiltInTools() =>
    [
        .. typeof(ToolRunner).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(ICopilotTool).IsAssignableFrom(type)
                && !IsDiscoveredAtRuntime(type))
            .Select(type => (ICopilotTool)RuntimeHelpers.GetUninitializedObject(type)),
    ];

    /// <summary>MCP tools come from configured servers, one instance per remote tool; their size is the server's.</summary>
    private static bool IsDiscoveredAtRuntime(Type type) => type.Namespace?.EndsWith(".Mcp", StringComparison.Ordinal) == true;

    [Fact]
    public void The_built_in_tool_schemas_fit_the_budget()
    {
        var tools = BuiltInTools();

        var size = JsonSerializer.Serialize(ToolRegistry.Schemas(tools)).Length;

        tools.Select(t => t.Name).Should().Contain(["get_current_time", "run_sub_session", "get_sub_session_result"]);
        size.Should().BeLessThanOrEqualTo(SchemaBudgetChars);
    }

    [Fact]
    public void Tool_names_are_unique_and_valid_function_names()
    {
        var names = BuiltInTools().Select(t => t.Name).ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().AllSatisfy(name => FunctionName().IsMatch(name).Should().BeTrue(name));
    }

    [Fact]
    public void Every_schema_is_an_object_schema_with_a_description()
    {
        foreach (var tool in BuiltInTools())
        {
            tool.ParametersSchema["type"]!.GetValue<string>().Should().Be("object", tool.Name);
            tool.Description.Should().NotBeNullOrWhiteSpace(tool.Name);
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
