using Copilot.Testing;

namespace Copilot.EndToEndTests;

/// <summary>
/// The platform as a user reaches it: gateway in front of two chat-api replicas and two executors, on the run's
/// shared infrastructure.
/// </summary>
public sealed class GatewayStackFixture()
    : CopilotStackFixture(new CopilotStackOptions { WithGateway = true, ChatApiReplicas = 2, ExecutorReplicas = 2 }), IAsyncLifetime;

[CollectionDefinition(Name)]
public sealed class GatewayStackCollection : ICollectionFixture<GatewayStackFixture>
{
    public const string Name = "gateway stack";
}
