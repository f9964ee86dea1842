using Microsoft.Playwright;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>The two window sizes the web client is tested at, by the name a theory passes (xunit shows it).</summary>
public static class Screens
{
    public const string Desktop = "desktop";
    public const string Phone = "phone";

    public static ViewportSize Of(string screen) => screen == Phone ? Chromium.Phone : Chromium.Desktop;
}
