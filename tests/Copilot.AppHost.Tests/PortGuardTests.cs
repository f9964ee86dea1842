using System.Net;
using System.Net.Sockets;
using Copilot.Testing;
using Copilot.Testing.Processes;
using PortAllocator = Copilot.Testing.Processes.PortAllocator;

namespace Copilot.AppHost.Tests;

/// <summary>The AppHost refuses to start on a port another process holds, instead of printing a login URL for it.</summary>
public sealed class PortGuardTests
{
    [Theory]
    [InlineData("--gateway-port", "the gateway")]
    [InlineData("--dashboard-port", "the dashboard")]
    public async Task A_taken_port_stops_the_start_with_a_message_naming_it(string flag, string what)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var free = PortAllocator.GetFreePort();
        var data = DataDirectory.Create();
        var logs = new LogBuffer();
        try
        {
            var ports = flag == "--gateway-port"
                ? new[] { "--gateway-port", taken.ToString(), "--dashboard-port", free.ToString() }
                : ["--gateway-port", free.ToString(), "--dashboard-port", taken.ToString()];
            var appHost = AppHostProcess.Start(["--data-dir", data.FullName, .. ports], logs);

            var exited = await Task.WhenAny(appHost.Exited, Task.Delay(TimeSpan.FromSeconds(60)));

            exited.Should().BeSameAs(appHost.Exited, "the start stops at once");
            (await appHost.Exited).Should().Be(1);
            string.Join('\n', logs.Tail(200).Select(entry => entry.Text)).Should()
                .Contain($"Port {taken}, for {what}, is already in use by another process").And.Contain(flag);
            // The launcher's own watchdog shell carries the same arguments for a moment after the AppHost exits.
            var left = await Eventually.ReadAsync(() => Task.FromResult(ProcessTable.WithCommandLineContaining(data.FullName)), until: left => left.Count == 0,
                TimeSpan.FromSeconds(10));
            left.Should().BeEmpty("nothing was started");
        }
        finally
        {
            DataDirectory.Delete(data);
        }
    }
}
