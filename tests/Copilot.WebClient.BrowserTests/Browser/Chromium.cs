using Microsoft.Playwright;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// Debian's chromium driven by the Playwright driver that ships inside the NuGet package: no browser download, so the
/// tests run offline. <c>COPILOT_CHROMIUM</c> overrides the executable.
/// </summary>
public static class Chromium
{
    public const string ExecutableVariable = "COPILOT_CHROMIUM";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} does not exist: install Debian's chromium (apt-get install -y chromium) or set {ExecutableVariable}.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            // Headless adds --headless; the rest keep chromium off the network and quiet on a CI machine.
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>The window of a laptop, the default.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <summary>A phone held upright (an iPhone 12-15's CSS pixels).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>A fresh browser context (own storage, so its own user) with a page on <paramref name="baseUrl"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseUrl, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = viewport ?? Desktop,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }
}
