using Copilot.Testing;
using Microsoft.Playwright;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// A stack whose gateway serves the built web client, and one headless chromium its tests share (each test gets its
/// own browser context, so its own storage and user).
/// </summary>
public abstract class BrowserStackFixture(CopilotStackOptions options) : CopilotStackFixture(options)
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Gateway => Stack.Gateway!.BaseAddress;

    public string RepositoryRoot { get; } = ProjectLocator.FindRepositoryRoot();

    /// <summary>A fresh browser context (own storage, so its own user) with a page on the web client.</summary>
    public Task<IPage> NewPageAsync(ViewportSize? viewport = null) => Chromium.NewPageAsync(Browser, Gateway, viewport);

    /// <summary>Has the gateway serve web/dist; before the stack starts.</summary>
    protected void ServeWebClient() => Options.Environment["WebClient__Root"] = WebClientBuild.RootIn(RepositoryRoot);

    protected async Task LaunchBrowserAsync() => (_playwright, Browser) = await Chromium.LaunchAsync();

    public override async Task DisposeAsync()
    {
        // Null when start-up failed part-way.
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
