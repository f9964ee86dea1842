using Copilot.Hosting.Orchestration;
using Copilot.Hosting.Resources;
using Copilot.Hosting.IntegrationTests.Support;
using FluentAssertions;

namespace Copilot.Hosting.IntegrationTests;

public sealed class EnvironmentContractTests
{
    private static readonly EnvironmentContractSettings Development = new("Development", OtlpEndpoint: null);

    private readonly IResourceBuilder<RedisResource> _redis;
    private readonly IResourceBuilder<RabbitMQServerResource> _rabbitmq;
    private readonly IResourceBuilder<PostgresDatabaseResource> _chatDb;
    private readonly IResourceBuilder<ProjectResource> _usage;
    private readonly IResourceBuilder<ProjectResource> _chatApi;

    public EnvironmentContractTests()
    {
        var builder = TestApplications.CreateBuilder();
        var postgres = builder.AddPostgres("postgres");
        _chatDb = postgres.AddDatabase("chat");
        _redis = builder.AddRedis("redis");
        _rabbitmq = builder.AddRabbitMQ("rabbitmq");
        _usage = builder.AddProject("usage", "services/Copilot.Usage").WithReplicas(2);
        _chatApi = builder.AddProject("chat-api", "services/Copilot.ChatApi")
            .WithReference(_chatDb).WithReference(_redis).WithReference(_rabbitmq).WithReference(_usage)
            .WithEnvironment("Jwt__Issuer", "copilot-dev");

        // What the orchestrator allocates before anything starts.
        postgres.Resource.ConnectionString = "Host=127.0.0.1;Port=5433;Username=postgres;Password=postgres";
        _redis.Resource.ConnectionString = "127.0.0.1:6380";
        _rabbitmq.Resource.ConnectionString = "amqp://guest:guest@127.0.0.1:5673/";
        _usage.Resource.ReplicaPorts = [7001, 7002];
        _chatApi.Resource.ReplicaPorts = [7000, 7003];
    }

    [Fact]
    public void A_project_gets_exactly_the_variables_of_its_references_and_identity()
    {
        var variables = EnvironmentContract.ForReplica(_chatApi.Resource, replica: 0, Development);

        variables.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["ConnectionStrings__chat"] = "Host=127.0.0.1;Port=5433;Username=postgres;Password=postgres;Database=chat",
            ["ConnectionStrings__redis"] = "127.0.0.1:6380",
            ["ConnectionStrings__rabbitmq"] = "amqp://guest:guest@127.0.0.1:5673/",
            ["services__usage__http__0"] = "http://127.0.0.1:7001",
            ["services__usage__http__1"] = "http://127.0.0.1:7002",
            ["OTEL_SERVICE_NAME"] = "chat-api",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=chat-api-0",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:7000",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Jwt__Issuer"] = "copilot-dev",
        });
    }

    [Fact]
    public void Each_replica_gets_its_own_url_and_instance_id()
    {
        var variables = EnvironmentContract.ForReplica(_chatApi.Resource, replica: 1, Development);

        variables["ASPNETCORE_URLS"].Should().Be("http://127.0.0.1:7003");
        variables["OTEL_RESOURCE_ATTRIBUTES"].Should().Be("service.instance.id=chat-api-1");
    }

    [Fact]
    public void The_orchestrators_otlp_endpoint_and_environment_name_are_forwarded()
    {
        var variables = EnvironmentContract.ForReplica(_usage.Resource, replica: 0, new EnvironmentContractSettings("Staging", "http://127.0.0.1:4317"));

        variables["OTEL_EXPORTER_OTLP_ENDPOINT"].Should().Be("http://127.0.0.1:4317");
        variables["ASPNETCORE_ENVIRONMENT"].Should().Be("Staging");
        variables["DOTNET_ENVIRONMENT"].Should().Be("Staging");
    }

    [Fact]
    public void A_connection_name_overrides_the_variable_name_of_a_reference()
    {
        var builder = TestApplications.CreateBuilder();
        var postgres = builder.AddPostgres("postgres");
        postgres.Resource.ConnectionString = "Host=127.0.0.1;Port=5433;Username=postgres;Password=postgres";
        var billingDb = postgres.AddDatabase("billing-db", databaseName: "billing");
        var billing = builder.AddProject("billing", "services/Copilot.Billing").WithReference(billingDb, connectionName: "billing");
        billing.Resource.ReplicaPorts = [7010];

        var variables = EnvironmentContract.ForReplica(billing.Resource, replica: 0, Development);

        variables["ConnectionStrings__billing"].Should().Be("Host=127.0.0.1;Port=5433;Username=postgres;Password=postgres;Database=billing");
        variables.Keys.Should().NotContain("ConnectionStrings__billing-db");
    }

    [Fact]
    public void An_executable_gets_references_but_no_aspnetcore_variables()
    {
        var builder = TestApplications.CreateBuilder();
        var redis = builder.AddRedis("redis");
        redis.Resource.ConnectionString = "127.0.0.1:6380";
        var worker = builder.AddExecutable("worker", "sh", "/tmp", "-c", "true").WithReference(redis);

        var variables = EnvironmentContract.ForReplica(worker.Resource, replica: 0, Development);

        variables.Keys.Should().BeEquivalentTo("ConnectionStrings__redis", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES");
    }

    [Fact]
    public void Inherited_reference_variables_the_contract_does_not_set_are_removed()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__inherited_only", "Host=elsewhere");
        try
        {
            var contract = EnvironmentContract.ForReplica(_usage.Resource, replica: 0, Development);

            var isolated = EnvironmentContract.IsolatedFromInherited(contract);

            isolated.Should().Contain("ConnectionStrings__inherited_only", null);
            isolated["OTEL_SERVICE_NAME"].Should().Be("usage");
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__inherited_only", null);
        }
    }
}
