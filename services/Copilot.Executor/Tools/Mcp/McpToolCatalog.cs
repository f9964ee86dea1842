using System.Collections.Frozen;

namespace Copilot.Executor.Tools.Mcp;

/// <summary>
/// The tools of the MCP servers connected right now. A server's set is replaced whole when it (re)connects or its
/// tool list changes, and removed while it is away, so turns only ever see tools they can call.
/// </summary>
public sealed class McpToolCatalog : IRuntimeToolSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<McpTool>> _byServer = new(StringComparer.OrdinalIgnoreCase);
    private volatile FrozenDictionary<string, McpTool> _byName = FrozenDictionary<string, McpTool>.Empty;

    public IEnumerable<ICopilotTool> Tools => _byName.Values;

    public ICopilotTool? Find(string name) => _byName.GetValueOrDefault(name);

    public void Replace(string server, IReadOnlyList<McpTool> tools)
    {
        lock (_gate)
        {
            _byServer[server] = tools;
            Rebuild();
        }
    }

    public void Remove(string server)
    {
        lock (_gate)
        {
            if (_byServer.Remove(server))
            {
                Rebuild();
            }
        }
    }

    private void Rebuild() =>
        _byName = _byServer.Values.SelectMany(tools => tools).DistinctBy(tool => tool.Name, StringComparer.Ordinal)
            .ToFrozenDictionary(tool => tool.Name, StringComparer.Ordinal);
}
