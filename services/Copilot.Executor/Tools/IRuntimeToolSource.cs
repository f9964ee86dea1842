namespace Copilot.Executor.Tools;

/// <summary>Tools that come and go while the executor runs (e.g. those of MCP servers), read afresh for every turn.</summary>
public interface IRuntimeToolSource
{
    IEnumerable<ICopilotTool> Tools { get; }

    ICopilotTool? Find(string name);
}
