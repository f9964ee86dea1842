using Copilot.Testing;
using Copilot.Testing.Processes;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// The whole platform on the simulator, as a user reaches it: the gateway serving the built web client (web/dist) in
/// front of chat-api, executor, usage and billing, plus the shared headless chromium.
/// </summary>
public sealed class WebClientStackFixture() : BrowserStackFixture(new CopilotStackOptions { WithGateway = true }), IAsyncLifetime
{
    public ServiceProcess Billing { get; private set; } = null!;

    /// <summary>
    /// A long session (more messages than one history page) for the pagination test, written through the API while
    /// the other tests run: dozens of turns one after another are the slowest part of the suite otherwise.
    /// </summary>
    public Task<LongSession> History { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        ServeWebClient();
        // Billing joins the stack's RabbitMQ virtual host, which exists only once the stack runs; its port is fixed
        // first so the gateway can be told where it will be.
        var billingPort = PortAllocator.GetFreePort();
        Options.Environment["services__billing__http__0"] = $"http://127.0.0.1:{billingPort}";
        await base.InitializeAsync();

        History = LongSession.SeedAsync(Gateway);
        var launchBilling = StartBillingAsync(billingPort);
        var launchBrowser = LaunchBrowserAsync();
        try
        {
            Billing = await launchBilling;
            await launchBrowser;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task<ServiceProcess> StartBillingAsync(int port)
    {
        var billing = new ServiceProcessOptions("services/Copilot.Billing") { Name = "billing", Port = port };
        billing.Environment["ConnectionStrings__billing"] = await Stack.Infrastructure.CreateDatabaseAsync("billing");
        billing.Environment["ConnectionStrings__rabbitmq"] = Stack.RabbitMq;
        billing.Environment["Jwt__SigningKey"] = TestTokens.SigningKey;
        billing.Environment["Jwt__Issuer"] = TestTokens.Issuer;
        billing.Environment["Jwt__Audience"] = TestTokens.Audience;
        billing.Environment["Internal__ApiKey"] = CopilotStack.InternalApiKey;
        billing.Environment["Billing__FrontendBaseUrl"] = Gateway.ToString().TrimEnd('/');
        return await ServiceProcess.StartAsync(billing);
    }

    public override async Task DisposeAsync()
    {
        // Null when start-up failed part-way.
        if (Billing is not null)
        {
            await Billing.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebClientStackCollection : ICollectionFixture<WebClientStackFixture>
{
    public const string Name = "web client stack";
}
