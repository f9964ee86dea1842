using System.Text.Json;
using Copilot.Contracts;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Mcp;
using Copilot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.ToolTests.Mcp;

/// <summary>The executor's MCP wiring — connector, catalog, registry, runner — against configured servers.</summary>
public sealed class McpHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly McpConnector _connector;

    private McpHarness(McpOptions options)
    {
        Registry = new ToolRegistry([], [Catalog]);
        var noGates = new ToolGates(Options.Create(new ToolOptions { Prerequisites = [] }),
            new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>());
        Runner = new ToolRunner(Registry, noGates, NullLogger<ToolRunner>.Instance);
        _connector = new McpConnector(Options.Create(options), Catalog, NullLoggerFactory.Instance, NullLogger<McpConnector>.Instance);
    }

    public McpToolCatalog Catalog { get; } = new();

    public ToolRegistry Registry { get; }

    public ToolRunner Runner { get; }

    /// <summary>Quick retries and refreshes, so reconnection shows within a test's patience.</summary>
    public static McpOptions QuickOptions(string name, McpServerOptions server) => new()
    {
        Servers = { [name] = server },
        RetryDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        RefreshInterval = TimeSpan.FromSeconds(1),
    };

    public static McpServerOptions StdioTestServer() => new() { Command = McpTestServerProcess.Command, Arguments = [McpTestServerProcess.AssemblyPath] };

    public static async Task<McpHarness> StartAsync(McpOptions options)
    {
        var harness = new McpHarness(options);
        await harness._connector.StartAsync(CancellationToken.None);
        return harness;
    }

    public IReadOnlyList<string> ToolNames() => [.. Registry.Allowed(null).Select(tool => tool.Name)];

    public async Task WaitUntilAsync(Func<IReadOnlyList<string>, bool> condition)
    {
        var names = await Eventually.ReadAsync(() => Task.FromResult(ToolNames()), condition, Patience);
        condition(names).Should().BeTrue("the tool list should change within {0}; it is [{1}]", Patience, string.Join(", ", names));
    }

    public Task<ToolResult> CallAsync(string tool, object arguments, CopilotPermissions? permissions = null) =>
        Runner.RunAsync(tool, new ToolInvocation(Guid.NewGuid(), Guid.NewGuid(), "alice", "call_1", JsonSerializer.SerializeToElement(arguments)),
            permissions, timeout: null, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _connector.StopAsync(CancellationToken.None);
        _connector.Dispose();
    }
}
