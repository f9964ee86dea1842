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
}

[CollectionDefinition(Name)]
public sealed class OperationsStackCollection : ICollectionFixture<OperationsStackFixture>
{
    public const string Name = "operations stack";
}
