using System.Security.Cryptography;
using Copilot.AppHost.Infrastructure;
using Copilot.AppHost.Infrastructure.Health;
using Microsoft.Extensions.Logging;

namespace Copilot.AppHost;

/// <summary>The platform's resources: infrastructure, the LLM simulator, the services and the gateway.</summary>
public static class CopilotApplication
{
    /// <summary>Declares every resource; returns where local servers keep their data (null when external).</summary>
    public static DataRoot? AddCopilotPlatform(this IDistributedApplicationBuilder builder)
    {
        var options = CopilotHostOptions.From(builder.Configuration);
        builder.StopIfPortsAreTaken(options);
        var (redis, rabbitmq, postgres, dataRoot) = options.External
            ? AddExternalInfrastructure(builder)
            : AddLocalInfrastructure(builder, options);
        if (options.InfraOnly)
        {
            return dataRoot;
        }

        var chatDb = postgres.AddPostgresDatabase("chat");
        // "billing" names the billing project (http://billing); the database keeps its name through connectionName.
        var billingDb = postgres.AddPostgresDatabase("billing-db", databaseName: "billing");
        AddServices(builder, options, redis, rabbitmq, chatDb, billingDb);
        builder.Services.AddHostedService<ProjectsStopFirst>();
        return dataRoot;
    }

    private static void AddServices(
        IDistributedApplicationBuilder builder,
        CopilotHostOptions options,
        IResourceBuilder<IResourceWithConnectionString> redis,
        IResourceBuilder<IResourceWithConnectionString> rabbitmq,
        IResourceBuilder<PostgresDatabaseResource> chatDb,
        IResourceBuilder<PostgresDatabaseResource> billingDb)
    {
        // Fresh per run: development tokens and internal calls are valid only for the processes of this run.
        var jwtSigningKey = builder.AddParameter("jwt-signing-key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), secret: true);
        var internalApiKey = builder.AddParameter("internal-api-key", Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), secret: true);

        IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new() =>
            builder.AddProject<TProject>(name, launchProfileName: null)
                .WithHttpEndpoint()
                // Plain HTTP on loopback: no development certificate to hand out (or to warn about not trusting).
                .WithoutHttpsCertificate()
                .WithHttpHealthCheck("/health")
                // The services read ConnectionStrings__<name> and services__<name>__http__<n>, and nothing else a
                // reference could add (<NAME>_HTTP, per-property variables), which deployments would have to copy.
                .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", options.ServiceEnvironment)
                // Aspire asks the OTLP exporter to retry failed exports from memory. At shutdown the exporter's last
                // flush fails (its HttpClient is already being disposed) and those retries held every service past
                // DCP's 6 s grace, so it was killed instead of stopping; telemetry is for the dashboard, not worth that.
                .WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"))
                .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
                .WithEnvironment("Jwt__Issuer", "copilot-dev")
                .WithEnvironment("Jwt__Audience", "copilot")
                .WithEnvironment("Internal__ApiKey", internalApiKey);

        var provider = LlmProvider.From(builder.Configuration);
        var llm = provider.IsConfigured ? null : Service<Projects.Copilot_LlmSim>("llm-sim");

        var usage = Service<Projects.Copilot_Usage>("usage")
            .WithReference(redis).WithReference(rabbitmq)
            .WaitFor(redis).WaitFor(rabbitmq);

        var billing = Service<Projects.Copilot_Billing>("billing")
            .WithReference(billingDb, connectionName: "billing").WithReference(rabbitmq)
            .WaitFor(billingDb).WaitFor(rabbitmq);

        var chatApi = Service<Projects.Copilot_ChatApi>("chat-api")
            .WithReference(chatDb).WithReference(redis).WithReference(rabbitmq).WithReference(usage)
            .WaitFor(chatDb).WaitFor(redis).WaitFor(rabbitmq).WaitFor(usage);

        // usage: every turn the executor starts or continues is admitted, and every model round checked, there.
        // chat-api migrates the chat database, so executors start after it.
        var executor = Service<Projects.Copilot_Executor>("copilot-executor")
            .WithReference(chatDb).WithReference(redis).WithReference(rabbitmq).WithReference(usage)
            .WaitFor(chatApi)
            .WithReplicas(2);
        foreach (var (name, value) in provider.Settings)
        {
            executor.WithEnvironment(name, value);
        }

        if (llm is not null)
        {
            executor.WithReference(llm).WaitFor(llm);
        }

        // Not proxied: the gateway is the public entry and carries every SSE stream; DCP's proxy would be one more hop.
        var gateway = Service<Projects.Copilot_Gateway>("gateway")
            .WithReference(chatApi).WithReference(usage).WithReference(billing)
            .WaitFor(chatApi).WaitFor(usage).WaitFor(billing)
            .WithEndpoint("http", endpoint =>
            {
                endpoint.Port = options.GatewayPort;
                endpoint.TargetPort = options.GatewayPort;
                endpoint.IsProxied = false;
            })
            .WithExternalHttpEndpoints();
        builder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (@event, _) =>
        {
            var url = gateway.GetEndpoint("http").Url;
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Copilot.AppHost")
                .LogInformation("Every service is up. The chat is at {GatewayUrl}/", url);
            return Task.CompletedTask;
        });
    }

    private static (IResourceBuilder<IResourceWithConnectionString> Redis, IResourceBuilder<IResourceWithConnectionString> RabbitMQ,
        IResourceBuilder<IResourceWithConnectionString> Postgres, DataRoot? DataRoot) AddLocalInfrastructure(
        IDistributedApplicationBuilder builder, CopilotHostOptions options)
    {
        var dataRoot = DataRoot.Resolve(builder, options);
        var redis = builder.AddLocalRedis("redis", dataRoot.For("redis"));
        if (options.RedisPersistence)
        {
            redis.WithPersistence();
        }

        var rabbitmq = builder.AddLocalRabbitMQ("rabbitmq", dataRoot.For("rabbitmq"));
        var postgres = builder.AddLocalPostgres("postgres", dataRoot.For("postgres"));
        if (options.StateFile is { Length: > 0 } stateFile)
        {
            InfrastructureStateFile.WriteWhenReady(builder, stateFile, redis, rabbitmq, postgres);
        }

        return (As(redis), As(rabbitmq), As(postgres), dataRoot);
    }

    /// <summary>Managed servers: <c>ConnectionStrings__redis</c>, <c>__rabbitmq</c> and a server-level <c>__postgres</c>.</summary>
    private static (IResourceBuilder<IResourceWithConnectionString> Redis, IResourceBuilder<IResourceWithConnectionString> RabbitMQ,
        IResourceBuilder<IResourceWithConnectionString> Postgres, DataRoot? DataRoot) AddExternalInfrastructure(IDistributedApplicationBuilder builder)
    {
        // A connection-string resource is Running at once; these checks make WaitFor mean the server answers.
        var redis = builder.AddConnectionString("redis").WithConnectionHealthCheck(connection => new RedisPingHealthCheck(connection));
        var rabbitmq = builder.AddConnectionString("rabbitmq").WithConnectionHealthCheck(connection => new AmqpConnectionHealthCheck(connection));
        var postgres = builder.AddConnectionString("postgres").WithConnectionHealthCheck(connection => new PostgresHealthCheck(connection));
        return (redis, rabbitmq, postgres, null);
    }

    private static IResourceBuilder<IResourceWithConnectionString> As<T>(IResourceBuilder<T> builder) where T : IResourceWithConnectionString =>
        (IResourceBuilder<IResourceWithConnectionString>)builder;
}
