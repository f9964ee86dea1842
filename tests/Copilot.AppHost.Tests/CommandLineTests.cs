using Copilot.Testing.Processes;

namespace Copilot.AppHost.Tests;

/// <summary>A command line the AppHost cannot honour stops it with exit code 2 and says why, before anything starts.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "--gateway-port", "eighty" }, "--gateway-port needs a port number (1-65535), not 'eighty'")]
    [InlineData(new[] { "--dashboard-port", "70000" }, "--dashboard-port needs a port number (1-65535), not '70000'")]
    [InlineData(new[] { "--state-file", "/tmp/never-written.json" }, "--state-file is written only with --infra-only")]
    [InlineData(new[] { "--data-dir" }, "--data-dir needs a value")]
    public async Task An_unusable_argument_exits_with_2_naming_it(string[] arguments, string message)
    {
        var logs = new LogBuffer();
        var appHost = AppHostProcess.Start(arguments, logs);

        var exited = await Task.WhenAny(appHost.Exited, Task.Delay(TimeSpan.FromSeconds(60)));

        exited.Should().BeSameAs(appHost.Exited, "nothing starts");
        (await appHost.Exited).Should().Be(2);
        string.Join('\n', logs.Tail(200).Select(entry => entry.Text)).Should().Contain(message).And.Contain("Usage: Copilot.AppHost");
    }
}
