using System.Text.Json.Nodes;
using Copilot.Contracts;

namespace Copilot.Executor.Tools;

/// <summary>
/// Every tool this executor offers — those registered at start-up and those its runtime sources hold right now — and
/// the subset a turn's permissions allow. A registered tool wins over a runtime one of the same name.
/// </summary>
public sealed class ToolRegistry(IEnumerable<ICopilotTool> tools, IEnumerable<IRuntimeToolSource>? runtimeSources = null)
{
    private readonly Dictionary<string, ICopilotTool> _tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    private readonly IRuntimeToolSource[] _runtimeSources = runtimeSources?.ToArray() ?? [];

    public ICopilotTool? Find(string name) =>
        _tools.GetValueOrDefault(name) ?? _runtimeSources.Select(source => source.Find(name)).FirstOrDefault(tool => tool is not null);

    /// <summary>The tools the model may see and call in a turn with these permissions (null = no filter).</summary>
    public IReadOnlyList<ICopilotTool> Allowed(CopilotPermissions? permissions) =>
        _tools.Values.Concat(_runtimeSources.SelectMany(source => source.Tools))
            .DistinctBy(tool => tool.Name, StringComparer.Ordinal)
            .Where(tool => IsAllowed(permissions, tool.Name))
            .OrderBy(tool => tool.Name, StringComparer.Ordinal)
            .ToList();

    public static bool IsAllowed(CopilotPermissions? permissions, string toolName) =>
        permissions is null
        || (!permissions.DeniedTools.Contains(toolName) && (permissions.AllowAll || permissions.AllowedTools.Contains(toolName)));

    /// <summary>The OpenAI <c>tools</c> array for these tools.</summary>
    public static JsonArray Schemas(IEnumerable<ICopilotTool> tools) =>
    [
        .. tools.Select(tool => (JsonNode)new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = tool.Name,
                ["description"] = tool.Description,
                ["parameters"] = tool.ParametersSchema,
            },
        }),
    ];
}
