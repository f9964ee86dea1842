using Copilot.Chat.Data;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.IntegrationTests;

/// <summary>
/// The gateway, chat-api, one executor and the simulator. Every scenario is driven through the gateway as a client
/// would; only the internal turn API is called on chat-api directly. Tuned so crash and idle handling happen in
/// seconds: a 4 s session lease, a 15 s stream-idle watchdog (long enough for a cold first turn on a loaded machine), a
/// tiny context budget that forces compaction on long sessions, and sub-sessions limited to one level so the depth
/// limit is reachable.
/// </summary>
public sealed class ExecutorStackFixture() : CopilotStackFixture(new CopilotStackOptions
{
    WithGateway = true,
    WithUsage = false,
    Environment =
    {
        ["Executor__LockLease"] = Lease.ToString(),
        ["Executor__StreamIdleTimeout"] = IdleTimeout.ToString(),
        ["Executor__WatchdogInterval"] = "00:00:01",
        ["Llm__ContextBudgetTokens"] = ContextBudgetTokens.ToString(),
        ["Executor__Tools__MaxSubSessionDepth"] = MaxSubSessionDepth.ToString(),
        // The test MCP server as "test", and sandbox workspaces in a folder of this stack's own.
        ["Mcp__Servers__test__Command"] = McpTestServerProcess.Command,
        ["Mcp__Servers__test__Arguments__0"] = McpTestServerProcess.AssemblyPath,
        [SandboxRootKey] = Path.Combine(Path.GetTempPath(), $"copilot-sandbox-{Guid.NewGuid():N}"),
    },
}), IAsyncLifetime
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(15);
    public const int ContextBudgetTokens = 400;
    public const int MaxSubSessionDepth = 1;
    private const string SandboxRootKey = "Executor__Sandbox__Root";

    /// <summary>The host folder of this stack's <c>bash_exec</c> workspaces.</summary>
    public string SandboxRoot => Options.Environment[SandboxRootKey];

    public ChatDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(Stack.ChatDatabase).UseSnakeCaseNamingConvention().Options);

    /// <summary>The session's stored messages in order, read from the database (rows the API does not show included).</summary>
    public async Task<List<(string Role, string? Content)>> HistoryAsync(Guid session)
    {
        await using var db = NewDbContext();
        return (await db.Messages.Where(m => m.SessionId == session).OrderBy(m => m.Sequence).ToListAsync())
            .Select(m => (m.Role, m.Content)).ToList();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(Options.Environment[SandboxRootKey]))
        {
            Directory.Delete(Options.Environment[SandboxRootKey], recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ExecutorStackCollection : ICollectionFixture<ExecutorStackFixture>
{
    public const string Name = "executor stack";
}
