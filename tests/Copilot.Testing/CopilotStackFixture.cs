using StackExchange.Redis;

namespace Copilot.Testing;

/// <summary>
/// A stack the tests of a project (or of one class) share, started with that project's options, plus a connection to
/// its Redis for checks on turn state. A derived fixture declares <c>IAsyncLifetime</c>, which these members implement.
/// </summary>
public class CopilotStackFixture(CopilotStackOptions options)
{
    public CopilotStackOptions Options { get; } = options;

    public CopilotStack Stack { get; private set; } = null!;

    /// <summary>The tests' own view of Redis; it reconnects by itself after a restart (fault scenarios restart it).</summary>
    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Stack = await CopilotStack.StartAsync(Options);
        var redis = ConfigurationOptions.Parse(Stack.Infrastructure.RedisConnectionString);
        redis.AbortOnConnectFail = false;
        Redis = await ConnectionMultiplexer.ConnectAsync(redis);
    }

    /// <summary>A new user of the stack's entry (the gateway when it runs).</summary>
    public ChatClient NewUser() => ChatClient.For(Stack);

    public virtual async Task DisposeAsync()
    {
        // Null when start-up failed part-way.
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }
}
