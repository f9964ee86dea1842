using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Copilot.LlmSim.UnitTests.Apis;

/// <summary>The simulator in process with no pacing, so suites exercise behaviour rather than wait for it.</summary>
public sealed class SimulatorFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmSim:TimeToFirstTokenMs"] = "0",
            ["LlmSim:InterTokenDelayMs"] = "0",
        }));

    public HttpClient CreateClientWith(IDictionary<string, string?> settings) =>
        WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings)))
            .CreateClient();
}
