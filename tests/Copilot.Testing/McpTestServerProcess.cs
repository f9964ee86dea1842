using Copilot.Testing.Processes;

namespace Copilot.Testing;

/// <summary>
/// How to launch tests/Copilot.McpTestServer as an MCP server over stdio, from the build configuration the tests run
/// in. Test projects build it through a ProjectReference.
/// </summary>
public static class McpTestServerProcess
{
    public const string ProjectPath = "tests/Copilot.McpTestServer";

    public static string Command => DotnetHost.Path;

    public static string AssemblyPath
    {
        get
        {
            var (directory, name) = ProjectLocator.Resolve(ProjectLocator.FindRepositoryRoot(), ProjectPath);
            return ProjectLocator.AssemblyPath(directory, name, ProjectLocator.BuildConfigurationOf(typeof(McpTestServerProcess).Assembly));
        }
    }
}
