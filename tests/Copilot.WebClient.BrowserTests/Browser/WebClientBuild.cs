namespace Copilot.WebClient.BrowserTests.Browser;

/// <summary>The built web client (web/dist) the gateway serves in the browser tests' stacks.</summary>
public static class WebClientBuild
{
    /// <summary>The folder to serve; fails with how to build it when it is not built.</summary>
    public static string RootIn(string repositoryRoot)
    {
        var webRoot = Path.Combine(repositoryRoot, "web", "dist");
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
        {
            throw new InvalidOperationException($"The web client is not built ({webRoot}): run web/build.sh (./test.sh does).");
        }

        return webRoot;
    }
}
