using Copilot.Testing;
using Copilot.Testing.Processes;
using Microsoft.Playwright;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// The whole platform on the simulator, as a user reaches it: the gateway serving the built web client (web/dist) in
/// front of chat-api, executor, usage and billing, plus one headless chromium shared by the tests (each test gets
/// its own browser context, so its own storage and user).
/// </summary>
public sealed class WebClientStackFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public CopilotStack Stack { get; private set; } = null!;

    public ServiceProcess Billing { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Gateway => Stack.Gateway!.BaseAddress;

    public string RepositoryRoot { get; } = ProjectLocator.FindRepositoryRoot();

    /// <summary>
    /// A long session (more messages than one history page) for the pagination test, written through the API while
    /// the other tests run: dozens of turns one after another are the slowest part of the suite otherwise.
    /// </summary>
    public Task<LongSession> History { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var webRoot = Path.Combine(RepositoryRoot, "web", "dist");
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
        {
            throw new InvalidOperationException($"The web client is not built ({webRoot}): run `npm ci && npm run build` in web/ (./test.sh does).");
        }

        // Billing joins the stack's RabbitMQ virtual host, which exists only once the stack runs; its port is fixed
        // first so the gateway can be told where it will be.
        var billingPort = PortAllocator.GetFreePort();
        var options = new CopilotStackOptions { WithGateway = true };
        options.Environment["WebClient__Root"] = webRoot;
        options.Environment["services__billing__http__0"] = $"http://127.0.0.1:{billingPort}";
        Stack = await CopilotStack.StartAsync(options);

        History = LongSession.SeedAsync(Gateway);
        var launchBilling = StartBillingAsync(billingPort);
        var launchBrowser = Chromium.LaunchAsync();
        try
        {
            Billing = await launchBilling;
            (_playwright, Browser) = await launchBrowser;
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

    /// <summary>A fresh browser context (own storage) with a page on the web client.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Gateway.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Billing is not null)
        {
            await Billing.DisposeAsync();
        }

        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebClientStackCollection : ICollectionFixture<WebClientStackFixture>
{
    public const string Name = "web client stack";
}
