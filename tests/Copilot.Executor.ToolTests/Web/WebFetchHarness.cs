using System.Text.Json;
using Copilot.Executor.Tools;
using Copilot.Executor.Tools.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Copilot.Executor.ToolTests.Web;

/// <summary>
/// <c>web_fetch</c> wired as the executor wires it, including the service defaults' resilience handler on every client,
/// so the tests also show the tool's client is free of it (no retries).
/// </summary>
public sealed class WebFetchHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public WebFetchHarness(Action<WebFetchOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddOptions<WebFetchOptions>().Configure(options => configure?.Invoke(options));
        services.AddWebFetchTool();
        _services = services.BuildServiceProvider();
        Tool = _services.GetServices<ICopilotTool>().Single(tool => tool.Name == "web_fetch");
    }

    public ICopilotTool Tool { get; }

    public SafeConnector Connector => _services.GetRequiredService<SafeConnector>();

    public Task<ToolResult> FetchAsync(string url, int? maxChars = null) =>
        Tool.ExecuteAsync(
            new ToolInvocation(Guid.NewGuid(), Guid.NewGuid(), "user-1", "call-1",
                JsonSerializer.SerializeToElement(new { url, max_chars = maxChars })),
            CancellationToken.None);

    public static JsonElement Json(ToolResult result)
    {
        result.IsError.Should().BeFalse(result.Output);
        return JsonDocument.Parse(result.Output).RootElement;
    }

    public void Dispose() => _services.Dispose();
}
