using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Copilot.Testing;
using PortAllocator = Copilot.Testing.Processes.PortAllocator;

namespace Copilot.AppHost.Tests;

/// <summary>
/// The whole platform as the AppHost declares it (its own local servers, every service, two executors, the Aspire
/// dashboard with its telemetry API), started once for the tests of this project through Aspire's testing builder.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    /// <summary>Every service and server needs to be up, on two busy cores.</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(4);

    private const string DashboardResourceName = "aspire-dashboard";
    private const string ApiKeyVariable = "DASHBOARD__API__PRIMARYAPIKEY";

    private readonly DirectoryInfo _data = DataDirectory.Create();

    /// <summary>What the AppHost declares and runs (besides parameters, one-shot preparations and Aspire's own).</summary>
    public static readonly string[] Resources =
        ["redis", "rabbitmq", "postgres", "chat", "billing-db", "llm-sim", "usage", "billing", "chat-api", "copilot-executor", "gateway"];

    /// <summary>The telemetry API's key, as the AppHost handed it to the dashboard process.</summary>
    public string DashboardApiKey { get; private set; } = "";

    public Uri Dashboard { get; } = new($"http://127.0.0.1:{PortAllocator.GetFreePort()}/");

    public Uri Gateway { get; } = new($"http://127.0.0.1:{PortAllocator.GetFreePort()}/");

    public DistributedApplication Application { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var deadline = new CancellationTokenSource(StartupTimeout);
        string[] arguments =
        [
            "--data-dir", _data.FullName,
            "--gateway-port", Gateway.Port.ToString(),
            "--dashboard-port", Dashboard.Port.ToString(),
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{PortAllocator.GetFreePort()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{PortAllocator.GetFreePort()}",
            // The testing builder moves fixed ports elsewhere by default; these are free ones picked above.
            "--DcpPublisher:RandomizePorts=false",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Copilot_AppHost>(
            arguments,
            (options, _) => options.DisableDashboard = false,
            deadline.Token);
        Application = await builder.BuildAsync(deadline.Token);
        await Application.StartAsync(deadline.Token);
        foreach (var resource in Resources)
        {
            await Application.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
        }

        var dashboard = await Application.ResourceNotifications.WaitForResourceAsync(
            DashboardResourceName, update => update.Snapshot.EnvironmentVariables.Any(variable => variable.Name == ApiKeyVariable), deadline.Token);
        DashboardApiKey = dashboard.Snapshot.EnvironmentVariables.First(variable => variable.Name == ApiKeyVariable).Value!;
    }

    /// <summary>A client of the gateway with a development token for a new user.</summary>
    public Task<ChatClient> CreateUserClientAsync() => ChatClient.SignInAsync(Gateway, $"apphost-{Guid.NewGuid():N}");

    public async Task DisposeAsync()
    {
        if (Application is not null)
        {
            await Application.StopAsync();
            await Application.DisposeAsync();
        }

        DataDirectory.Delete(_data);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
