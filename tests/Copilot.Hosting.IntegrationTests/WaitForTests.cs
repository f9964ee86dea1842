using Copilot.Hosting.IntegrationTests.Support;
using Copilot.Hosting.Orchestration;
using Copilot.Hosting.Resources;
using FluentAssertions;

namespace Copilot.Hosting.IntegrationTests;

public sealed class WaitForTests
{
    [Fact]
    public void Every_resource_starts_after_everything_it_waits_for()
    {
        var builder = TestApplications.CreateBuilder();
        var postgres = builder.AddPostgres("postgres");
        var chatDb = postgres.AddDatabase("chat");
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var usage = builder.AddProject("usage", "services/Copilot.Usage").WithReference(redis).WaitFor(redis).WaitFor(rabbitmq);
        var chatApi = builder.AddProject("chat-api", "services/Copilot.ChatApi").WithReference(chatDb).WaitFor(chatDb).WaitFor(usage);
        builder.AddProject("gateway", "gateway/Copilot.Gateway").WithReference(chatApi).WaitFor(chatApi);

        var plan = StartupPlan.Create(builder.Resources);

        WaveNames(plan).Should().Equal("postgres redis rabbitmq", "chat usage", "chat-api", "gateway");
        plan.DependenciesOf(chatDb.Resource).Should().Equal(postgres.Resource);
    }

    [Fact]
    public void A_reference_alone_does_not_delay_the_start()
    {
        var builder = TestApplications.CreateBuilder();
        var redis = builder.AddRedis("redis");
        var worker = builder.AddProject("worker", "services/Worker").WithReference(redis);

        var plan = StartupPlan.Create(builder.Resources);

        plan.Waves.Should().ContainSingle().Which.Should().BeEquivalentTo(new IResource[] { redis.Resource, worker.Resource });
    }

    [Fact]
    public void A_waitfor_cycle_is_rejected_when_building()
    {
        var builder = TestApplications.CreateBuilder();
        var first = builder.AddExecutable("first", "true", "/tmp");
        var second = builder.AddExecutable("second", "true", "/tmp").WaitFor(first);
        first.WaitFor(second);

        var build = () => builder.Build();

        build.Should().Throw<InvalidOperationException>().WithMessage("*cycle*first*second*");
    }

    [Fact]
    public void Waiting_for_a_resource_of_another_application_is_rejected()
    {
        var elsewhere = TestApplications.CreateBuilder().AddRedis("redis");
        var builder = TestApplications.CreateBuilder();
        builder.AddExecutable("worker", "true", "/tmp").WaitFor(elsewhere);

        var build = () => builder.Build();

        build.Should().Throw<InvalidOperationException>().WithMessage("*'worker' depends on 'redis'*");
    }

    [Fact]
    public void Resource_names_must_be_unique_and_usable_in_variable_names()
    {
        var builder = TestApplications.CreateBuilder();
        builder.AddRedis("redis");

        builder.Invoking(b => b.AddRedis("redis")).Should().Throw<ArgumentException>();
        builder.Invoking(b => b.AddRedis("Redis_Cache")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public async Task A_resource_stays_waiting_while_its_dependency_never_becomes_healthy()
    {
        var builder = TestApplications.CreateBuilder();
        var unbuilt = builder.AddProject("unbuilt", "services/NeverBuilt");
        builder.AddExecutable("dependent", "sleep", "/tmp", "300").WaitFor(unbuilt);
        await using var application = builder.Build();

        var start = () => application.StartAsync();

        await start.Should().ThrowAsync<TimeoutException>().WithMessage("*'unbuilt'*NeverBuilt.dll does not exist*");
        var dependent = application.GetResources().Single(resource => resource.Name == "dependent").Instances.Single();
        dependent.State.Should().Be(ResourceState.Waiting);
        dependent.Pid.Should().BeNull();
    }

    private static IEnumerable<string> WaveNames(StartupPlan plan) =>
        plan.Waves.Select(wave => string.Join(' ', wave.Select(resource => resource.Name)));
}
