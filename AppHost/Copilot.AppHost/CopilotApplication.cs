using System.Security.Cryptography;
using Copilot.AppHost.Counters;
using Copilot.Hosting;
using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Copilot.AppHost;

/// <summary>The application's resources, declared Aspire style.</summary>
public static class CopilotApplication
{
    /// <summary>
    /// Declares every resource and the dashboard's counters on <paramref name="builder"/> without starting anything, so
    /// tests can hold the model against the deployment manifests.
    /// </summary>
    public static void Declare(IDistributedApplicationBuilder builder)
    {
        // Fresh per run: development tokens and internal calls are only valid for the processes of this run.
        var jwtSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var internalApiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

        IResourceBuilder<ProjectResource> AddService(string name, string projectPath) => builder.AddProject(name, projectPath)
            .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
            .WithEnvironment("Jwt__Issuer", "copilot-dev")
            .WithEnvironment("Jwt__Audience", "copilot")
            .WithEnvironment("Internal__ApiKey", internalApiKey);

        var postgres = builder.AddPostgres("postgres");
        var chatDb = postgres.AddDatabase("chat");
        // "billing" names the billing project (http://billing); the database keeps its name through connectionName.
        var billingDb = postgres.AddDatabase("billing-db", databaseName: "billing");
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");

        // The simulator stands in for the LLM provider only when no real one is configured.
        var providerSettings = builder.Configuration.GetSection("Llm").AsEnumerable(makePathsRelative: false)
            .Where(setting => setting.Value is not null)
            .Select(setting => (Name: setting.Key.Replace(":", "__"), Value: setting.Value!))
            .ToList();
        if (builder.Configuration["OPENROUTER_API_KEY"] is { Length: > 0 } openRouterKey)
        {
            providerSettings.Add(("OPENROUTER_API_KEY", openRouterKey));
        }

        var hasRealProvider = providerSettings.Any(setting =>
            setting.Name.Equals("OPENROUTER_API_KEY", StringComparison.OrdinalIgnoreCase)
            || setting.Name.Equals("Llm__BaseUrl", StringComparison.OrdinalIgnoreCase));
        var llm = hasRealProvider ? null : AddService("llm-sim", "tools/Copilot.LlmSim");

        var usage = AddService("usage", "services/Copilot.Usage")
            .WithReference(redis).WithReference(rabbitmq)
            .WaitFor(redis).WaitFor(rabbitmq);

        var billing = AddService("billing", "services/Copilot.Billing")
            .WithReference(billingDb, connectionName: "billing").WithReference(rabbitmq)
            .WaitFor(billingDb).WaitFor(rabbitmq);

        var chatApi = AddService("chat-api", "services/Copilot.ChatApi")
            .WithReference(chatDb).WithReference(redis).WithReference(rabbitmq).WithReference(usage)
            .WaitFor(chatDb).WaitFor(redis).WaitFor(rabbitmq).WaitFor(usage);

        // usage: every turn the executor starts or continues is admitted, and every model round checked, there.
        var executor = AddService("copilot-executor", "services/Copilot.Executor")
            .WithReference(chatDb).WithReference(redis).WithReference(rabbitmq).WithReference(usage)
            .WaitFor(chatApi)
            .WithReplicas(2);
        foreach (var (name, value) in providerSettings)
        {
            executor.WithEnvironment(name, value);
        }

        if (llm is not null)
        {
            executor.WithReference(llm).WaitFor(llm);
        }

        var gatewayPort = int.TryParse(builder.Configuration["COPILOT_GATEWAY_PORT"], out var port) ? port : 8080;
        AddService("gateway", "gateway/Copilot.Gateway")
            .WithReference(chatApi).WithReference(usage).WithReference(billing)
            .WaitFor(chatApi).WaitFor(usage).WaitFor(billing)
            .WithHttpEndpoint(port: gatewayPort)
            .WithExternalHttpEndpoints();

        // An external broker's management API is not derivable from its AMQP address; without one the queue counters
        // show as unavailable and the rest of the dashboard carries on.
        var managementUrl = builder.Configuration["Dashboard:RabbitMQManagementUrl"] is { Length: > 0 } url ? new Uri(url) : null;
        builder.AddCounters(new TurnCounters(redis.Resource))
            .AddCounters(new RabbitMqQueueCounters(rabbitmq.Resource, managementUrl))
            .AddCounters(new ServiceMetricCounters(builder.Resources.OfType<IResourceWithServiceDiscovery>().ToList(), internalApiKey));
    }
}
