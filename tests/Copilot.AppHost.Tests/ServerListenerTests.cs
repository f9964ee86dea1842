using System.Globalization;
using System.Net;
using Copilot.Testing;

namespace Copilot.AppHost.Tests;

/// <summary>The local servers are reachable from this machine only, with every helper they start.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ServerListenerTests(PlatformFixture platform)
{
    /// <summary>The process id DCP reports for an executable resource (Aspire's name for it is internal).</summary>
    private const string PidProperty = "executable.pid";

    [Theory]
    [InlineData("redis", 1)]
    [InlineData("postgres", 1)]
    // AMQP, management, the Erlang distribution port and the node's private epmd.
    [InlineData("rabbitmq", 4)]
    public void A_server_and_its_helpers_listen_on_loopback_only(string server, int atLeast)
    {
        platform.Application.ResourceNotifications.TryGetCurrentState(server, out var current).Should().BeTrue($"{server} is declared");
        var pid = Convert.ToInt32(current!.Snapshot.Properties.Single(property => property.Name == PidProperty).Value, CultureInfo.InvariantCulture);

        var listeners = ListeningSockets.OfProcessTree(pid);

        listeners.Should().HaveCountGreaterThanOrEqualTo(atLeast)
            .And.OnlyContain(endpoint => IPAddress.IsLoopback(endpoint.Address), $"nothing of {server} may be reachable from another machine");
    }
}
