using Copilot.AppHost;
using Copilot.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
CopilotApplication.Declare(builder);
await builder.Build().RunAsync();
