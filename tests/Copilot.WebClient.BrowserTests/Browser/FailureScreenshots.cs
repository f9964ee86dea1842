using System.Runtime.ExceptionServices;
using Copilot.Testing;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// Runs a browser test's steps and, when one fails, keeps the page as it was at that moment in
/// <c>TestResults/failures/&lt;name&gt;.png</c> and names the file in the failure, so a CI failure can be looked at.
/// </summary>
public static class FailureScreenshots
{
    private static readonly string Folder = Path.Combine(ProjectLocator.FindRepositoryRoot(), "TestResults", "failures");

    public static async Task GuardAsync(this IPage page, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception failure)
        {
            var path = Path.Combine(Folder, $"{name}.png");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            }
            catch (PlaywrightException)
            {
                // The page is gone (a crashed context): the failure itself is what matters.
                ExceptionDispatchInfo.Throw(failure);
            }

            throw new XunitException($"{failure.Message}{Environment.NewLine}Screenshot of the page at the failure: {path}", failure);
        }
    }
}
