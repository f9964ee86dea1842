using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Copilot.Executor.IntegrationTests;

/// <summary>
/// The gateway, chat-api, one executor and the simulator. Every scenario is driven through the gateway as a client
/// would; only the internal turn API is called on chat-api directly. Tuned so crash and idle handling happen in
/// seconds: a 4 s session lease, a 15 s stream-idle watchdog (long enough for a cold first turn on a loaded machine), a
/// tiny context budget that forces compaction on long sessions, and sub-sessions limited to one level so the depth
/// limit is reachable.
/// </summary>
public sealed class ExecutorStackFixture : IAsyncLifetime
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(15);
    public const int ContextBudgetTokens = 400;
    public const int MaxSubSessionDepth = 1;
    private const string SandboxRootKey = "Executor__Sandbox__Root";

    public CopilotStackOptions Options { get; } = new()
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
    };

    public CopilotStack Stack { get; private set; } = null!;

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack = await CopilotStack.StartAsync(Options);
        Redis = await ConnectionMultiplexer.ConnectAsync(Stack.Infrastructure.RedisConnectionString);
    }

    public ChatDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(Stack.ChatDatabase).UseSnakeCaseNamingConvention().Options);

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Stack.DisposeAsync();
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

/// <summary>A signed-in user of the stack with the calls these tests need.</summary>
public sealed class Chatter(ExecutorStackFixture fixture, string userId) : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public Chatter(ExecutorStackFixture fixture)
        : this(fixture, $"user-{Guid.NewGuid():N}")
    {
    }

    public string UserId { get; } = userId;

    public HttpClient Http { get; } = fixture.Stack.CreateClient(userId);

    public async Task<Guid> CreateSessionAsync()
    {
        var response = await Http.PostAsJsonAsync("/api/chat/sessions", new { });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public Task<HttpResponseMessage> SendAsync(Guid session, string message) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/chat/sessions/{session}/stream") { Content = JsonContent.Create(new { message }) },
            HttpCompletionOption.ResponseHeadersRead);

    public async Task<SseCapture> ChatAsync(Guid session, string message)
    {
        using var response = await SendAsync(session, message);
        response.EnsureSuccessStatusCode();
        return await SseReader.ReadAllAsync(response, new CancellationTokenSource(Patience).Token);
    }

    /// <summary>
    /// Starts a turn whose <c>bash_exec</c> sleeps for <paramref name="seconds"/> and returns once the command runs;
    /// its marker (the sleep's argument) finds the process. <paramref name="markers"/> come first in the message (other
    /// tool calls of the round, or rounds before it).
    /// </summary>
    public async Task<SleepingCommand> StartSleepingCommandAsync(Guid session, string markers = "", int seconds = 60)
    {
        var marker = $"{seconds}.{Random.Shared.Next(100_000, 999_999)}";
        var running = await SendAsync(session, $$"""wait {{markers}}[sim:tool=bash_exec:{"command":"sleep {{marker}}"}]""");
        var stream = SseReader.ReadAllAsync(running, new CancellationTokenSource(Patience).Token);
        await Eventually.TrueAsync(() => Task.FromResult(ProcessTable.WithCommandLineContaining(marker).Count > 0), Patience);
        return new SleepingCommand(marker, running, stream);
    }

    /// <summary>
    /// Reads a running turn's stream in the background and returns once the turn called the model: it has drained its
    /// queue by then, so a message sent now is a follow-up for its next tool boundary or turn. Await the task for the
    /// whole stream.
    /// </summary>
    public static async Task<Task<SseCapture>> ReadOnceTheModelIsCalledAsync(HttpResponseMessage running)
    {
        var modelCalled = new TaskCompletionSource();
        var reading = SseReader.ReadAllAsync(running, new CancellationTokenSource(Patience).Token, e =>
        {
            if (e.Type == "start-step")
            {
                modelCalled.TrySetResult();
            }

            return false;
        });
        await modelCalled.Task.WaitAsync(Patience);
        return reading;
    }

    public async Task<List<(string Role, string? Content)>> HistoryAsync(Guid session)
    {
        await using var db = fixture.NewDbContext();
        return (await db.Messages.Where(m => m.SessionId == session).OrderBy(m => m.Sequence).ToListAsync())
            .Select(m => (m.Role, m.Content)).ToList();
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>A turn running a sleeping sandboxed command; <see cref="Stream"/> completes when the turn's stream ends.</summary>
public sealed record SleepingCommand(string Marker, HttpResponseMessage Response, Task<SseCapture> Stream) : IDisposable
{
    public void Dispose() => Response.Dispose();
}
