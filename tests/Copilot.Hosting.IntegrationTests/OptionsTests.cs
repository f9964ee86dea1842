using Copilot.Hosting.Infrastructure;
using FluentAssertions;

namespace Copilot.Hosting.IntegrationTests;

public sealed class OptionsTests
{
    [Fact]
    public void Command_line_flags_set_options_and_the_rest_becomes_configuration()
    {
        var options = DistributedApplicationOptions.Parse(
            ["--external", "--keep-data", "--run-dir", "/tmp/run", "--dashboard-port=0", "--health-timeout", "90", "--verbose", "--Llm:Model=sim"]);

        options.UseExternalInfrastructure.Should().BeTrue();
        options.KeepData.Should().BeTrue();
        options.RunDirectory.Should().Be("/tmp/run");
        options.DashboardPort.Should().Be(0);
        options.HealthTimeout.Should().Be(TimeSpan.FromSeconds(90));
        options.Verbose.Should().BeTrue();
        options.Args.Should().Equal("--Llm:Model=sim");
    }

    [Fact]
    public void Infra_only_mode_serves_no_dashboard_unless_asked()
    {
        DistributedApplicationOptions.Parse(["--infra-only", "--state-file", "state.json"]).DashboardPort.Should().BeNull();
        DistributedApplicationOptions.Parse(["--infra-only", "--dashboard-port", "18889"]).DashboardPort.Should().Be(18889);
        DistributedApplicationOptions.Parse([]).DashboardPort.Should().Be(DistributedApplicationOptions.DefaultDashboardPort);
    }

    [Fact]
    public void Invalid_flags_are_reported_with_the_usage()
    {
        var parse = () => DistributedApplicationOptions.Parse(["--state-file", "state.json"]);

        parse.Should().Throw<ArgumentException>().WithMessage("*--infra-only*Options:*");
    }

    [Fact]
    public async Task The_state_file_is_written_atomically_in_the_documented_format()
    {
        var path = Path.Combine(Path.GetTempPath(), $"copilot-state-{Guid.NewGuid():N}", "infra.json");
        var state = new InfrastructureState(
            "127.0.0.1:6379", "amqp://guest:guest@127.0.0.1:5672/", "http://127.0.0.1:15672/", "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres");

        await state.WriteAtomicallyAsync(path);

        (await File.ReadAllTextAsync(path)).Should().ContainAll("\"redis\"", "\"rabbitmq\"", "\"rabbitmqManagement\"", "\"postgres\"");
        (await InfrastructureState.ReadAsync(path)).Should().Be(state);
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
