using Copilot.Testing;

namespace Copilot.Operations.IntegrationTests;

/// <summary>
/// The gateway in front of one chat-api, one executor, usage, billing and the simulator, on the run's shared infrastructure. The
/// anonymous rate limit is tiny so a test can provoke the gateway's own 429s.
/// </summary>
public sealed class OperationsStackFixture() : CopilotStackFixture(new CopilotStackOptions
{
    WithGateway = true,
    WithBilling = true,
    Environment =
    {
        ["RateLimiting__Anonymous__PermitLimit"] = AnonymousPermitLimit.ToString(),
        ["RateLimiting__Anonymous__Window"] = "01:00:00",
    },
}), IAsyncLifetime
{
    public const int AnonymousPermitLimit = 2;
}

[CollectionDefinition(Name)]
public sealed class OperationsStackCollection : ICollectionFixture<OperationsStackFixture>
{
    public const string Name = "operations stack";
}
