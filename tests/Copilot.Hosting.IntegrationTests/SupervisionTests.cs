using Copilot.Hosting.IntegrationTests.Support;
using Copilot.Hosting.Orchestration;
using Copilot.Hosting.Processes;
using FluentAssertions;

namespace Copilot.Hosting.IntegrationTests;

public sealed class SupervisionTests
{
    [Fact]
    public void Restart_delays_double_from_one_second_up_to_thirty()
    {
        var delays = Enumerable.Range(1, 8).Select(attempt => RestartBackoff.ForAttempt(attempt).TotalSeconds);

        delays.Should().Equal(1, 2, 4, 8, 16, 30, 30, 30);
    }

    [Fact]
    public async Task A_crashing_process_is_restarted_with_growing_backoff_and_counted()
    {
        var builder = TestApplications.CreateBuilder();
        builder.AddExecutable("crasher", "sh", "/tmp", "-c", "sleep 0.2; exit 1");
        await using var application = builder.Build();
        await application.StartAsync();

        await Eventually.HoldsAsync(() => Crasher(application).RestartCount >= 2, TimeSpan.FromSeconds(15), "two restarts");

        Crasher(application).LastExitCode.Should().Be(1);
        var supervision = application.GetLogs("crasher", 0).Where(entry => entry.Stream == LogStream.System).ToList();
        supervision.Select(entry => entry.Text).Should().ContainInOrder(
            "exited unexpectedly with code 1; restarting in 1 s",
            "exited unexpectedly with code 1; restarting in 2 s");
        var secondExit = supervision.First(entry => entry.Text.EndsWith("in 2 s", StringComparison.Ordinal));
        var firstExit = supervision.First(entry => entry.Text.EndsWith("in 1 s", StringComparison.Ordinal));
        (secondExit.Timestamp - firstExit.Timestamp).Should().BeGreaterThan(TimeSpan.FromSeconds(1.1), "the first backoff is waited out");
    }

    [Fact]
    public async Task Restarting_a_replica_replaces_its_process()
    {
        var builder = TestApplications.CreateBuilder();
        builder.AddExecutable("sleeper", "sleep", "/tmp", "300");
        await using var application = builder.Build();
        await application.StartAsync();
        var firstPid = Sleeper(application).Pid!.Value;

        application.Restart("sleeper", 0).Should().BeTrue();

        await Eventually.HoldsAsync(
            () => Sleeper(application) is { RestartCount: 1, Pid: { } pid } && pid != firstPid, TimeSpan.FromSeconds(10), "a new process");
        ProcessTree.IsRunning(firstPid).Should().BeFalse();
        Sleeper(application).State.Should().Be(ResourceState.Running);
        application.Restart("sleeper", 5).Should().BeFalse();
    }

    private static InstanceSnapshot Crasher(DistributedApplication application) =>
        application.GetResources().Single(resource => resource.Name == "crasher").Instances.Single();

    private static InstanceSnapshot Sleeper(DistributedApplication application) =>
        application.GetResources().Single(resource => resource.Name == "sleeper").Instances.Single();
}
