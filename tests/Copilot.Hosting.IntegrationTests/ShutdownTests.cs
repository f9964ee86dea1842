using Copilot.Hosting.IntegrationTests.Support;
using FluentAssertions;

namespace Copilot.Hosting.IntegrationTests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_orchestrator_leaves_no_process_and_no_data_behind()
    {
        var builder = TestApplications.CreateBuilder();
        var redis = builder.AddRedis("redis");
        var postgres = builder.AddPostgres("postgres");
        var database = postgres.AddDatabase("orders");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        builder.AddExecutable("worker", "sh", "/tmp", "-c", "sleep 300 & wait")
            .WithReference(database).WaitFor(database).WaitFor(redis).WaitFor(rabbitmq).WithReplicas(2);
        builder.AddExecutable("stubborn", "sh", "/tmp", "-c", "trap '' TERM; while true; do sleep 1; done");
        var application = builder.Build();
        await application.StartAsync();
        var processes = application.GetResources()
            .SelectMany(resource => resource.Instances)
            .Where(instance => instance.Pid is not null)
            .SelectMany(instance => ProcessTree.WithDescendants(instance.Pid!.Value))
            .ToList();

        await application.StopAsync();

        processes.Should().HaveCountGreaterThan(10, "servers, their workers and both executables' children were running");
        await Eventually.HoldsAsync(() => !processes.Any(ProcessTree.IsRunning), TimeSpan.FromSeconds(5), "every process to be gone");
        Directory.Exists(application.RunDirectory).Should().BeFalse();
        application.GetResources().SelectMany(resource => resource.Instances).Should()
            .OnlyContain(instance => instance.State == Orchestration.ResourceState.Stopped);
    }
}
