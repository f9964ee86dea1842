using Copilot.Testing;
using Copilot.Testing.Processes;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// The whole platform on the simulator, as a user reaches it: the gateway serving the built web client (web/dist) in
/// front of chat-api, executor, usage and billing, plus the shared headless chromium.
/// </summary>
public sealed class WebClientStackFixture() : BrowserStackFixture(new CopilotStackOptions { WithGateway = true, WithBilling = true }), IAsyncLifetime
{
    /// <summary>
    /// A long session (more messages than one history page) for the pagination test, written through the API while
    /// the other tests run: dozens of turns one after another are the slowest part of the suite otherwise.
    /// </summary>
    public Task<LongSession> History { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        ServeWebClient();
        // Billing sends a buyer back to the web client, which the gateway serves; it starts before the gateway, so the
        // gateway's port is fixed first.
        Options.GatewayPort = PortAllocator.GetFreePort();
        Options.Environment["Billing__FrontendBaseUrl"] = $"http://127.0.0.1:{Options.GatewayPort}";
        await base.InitializeAsync();

        History = LongSession.SeedAsync(Gateway);
        try
        {
            await LaunchBrowserAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebClientStackCollection : ICollectionFixture<WebClientStackFixture>
{
    public const string Name = "web client stack";
}
