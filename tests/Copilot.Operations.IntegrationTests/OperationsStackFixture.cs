using Copilot.Testing;

namespace Copilot.Operations.IntegrationTests;

/// <summary>
/// The gateway in front of one chat-api, one executor, usage, billing and the simulator, on the run's shared infrastructure. The
/// anonymous rate limit is tiny so a test can provoke the gateway's own 429s.
/// </summary>
public sealed class OperationsStackFixture : IAsyncLifetime
{
    public const int AnonymousPermitLimit = 2;

    public CopilotStack Stack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new CopilotStackOptions { WithGateway = true, WithBilling = true };
        options.Environment["RateLimiting__Anonymous__PermitLimit"] = AnonymousPermitLimit.ToString();
        options.Environment["RateLimiting__Anonymous__Window"] = "01:00:00";
        Stack = await CopilotStack.StartAsync(options);
    }

    public async Task DisposeAsync() => await Stack.DisposeAsync();

    /// <summary>Every process of the stack, as the dashboard's service counters would find them.</summary>
    public IReadOnlyList<ServiceEndpoints> Services() =>
    [
        new("gateway", [Stack.Gateway!.BaseAddress]),
        new("chat-api", [.. Stack.ChatApis.Select(service => service.BaseAddress)]),
        new("copilot-executor", [.. Stack.Executors.Select(service => service.BaseAddress)]),
        new("usage", [Stack.Usage!.BaseAddress]),
        new("billing", [Stack.Billing!.BaseAddress]),
        new("llm-sim", [Stack.LlmSim.BaseAddress]),
    ];
}

[CollectionDefinition(Name)]
public sealed class OperationsStackCollection : ICollectionFixture<OperationsStackFixture>
{
    public const string Name = "operations stack";
}

public sealed record ServiceEndpoints(string Name, IReadOnlyList<Uri> HttpEndpoints) : Copilot.Hosting.Resources.IResourceWithServiceDiscovery;

internal static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {within.TotalSeconds:0} s waiting for {what}; last value: {System.Text.Json.JsonSerializer.Serialize(value)}");
            }

            await Task.Delay(250);
        }
    }
}
