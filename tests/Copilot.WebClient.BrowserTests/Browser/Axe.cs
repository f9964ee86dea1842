using System.Text.Json;
using Copilot.Testing;
using Microsoft.Playwright;

namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>
/// axe-core (the web client's npm dev dependency, so web/build.sh's <c>npm ci</c> installs it) run in the page: the
/// WCAG 2.1 A and AA rules, and the violations a user is most hurt by.
/// </summary>
public static class Axe
{
    private static readonly string Script = Path.Combine(ProjectLocator.FindRepositoryRoot(), "web", "node_modules", "axe-core", "axe.min.js");

    /// <summary>The serious and critical violations on the page as it is now, one line each (empty when none).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        if (!File.Exists(Script))
        {
            throw new InvalidOperationException($"{Script} is missing: run web/build.sh (./test.sh does).");
        }

        // Evaluated rather than added as a script tag: the gateway's CSP (script-src 'self') rightly refuses inline scripts.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Script));
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            }
            """);
        return [.. result.EnumerateArray().Select(v => v.GetString()!)];
    }
}
