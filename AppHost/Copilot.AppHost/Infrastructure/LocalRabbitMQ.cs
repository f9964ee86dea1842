using Copilot.AppHost.Infrastructure.Health;

namespace Copilot.AppHost.Infrastructure;

/// <summary>
/// Debian's RabbitMQ node as a local process, with the management plugin (the test suite creates a virtual host per
/// test through its API). The node gets a private epmd on an allocated port, supervised by the node's own shell:
/// otherwise it would start the machine-wide epmd on 4369, which outlives it and which other nodes may be using.
/// </summary>
public sealed class LocalRabbitMQResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string Account = "rabbitmq";
    public const string AmqpEndpointName = "amqp";
    public const string ManagementEndpointName = "management";
    public const string DistributionEndpointName = "distribution";
    public const string EpmdEndpointName = "epmd";

    public EndpointReference Amqp => new(this, AmqpEndpointName);

    public EndpointReference Management => new(this, ManagementEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{Amqp.Property(EndpointProperty.TargetPort)}/");
}

public static class LocalRabbitMQExtensions
{
    private const string ServerScriptPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    // The config file is written at launch because the ports are only known then (and stay the same on a restart).
    private static readonly string Script = ServerScript.Supervising(
        serverCommand: $$"""
            epmd -port "$ERL_EPMD_PORT" &
            epmd=$!
            until epmd -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1; do sleep 0.1; done
            printf '%s\n' "listeners.tcp.default = 127.0.0.1:$AMQP_PORT" "management.tcp.port = $MANAGEMENT_PORT" \
              "management.tcp.ip = 127.0.0.1" "loopback_users = none" > "$RABBITMQ_CONFIG_FILE"
            {{ServerScriptPath}}
            """,
        stopSignal: "TERM",
        afterExit: "kill \"$epmd\" 2>/dev/null",
        // The node takes ~7 s to stop on SIGTERM even when idle. Killing it after 4 s loses nothing that was promised:
        // a persistent message is confirmed to its publisher only once on disk, and unacknowledged deliveries are
        // redelivered after the restart.
        killAfterSeconds: 4);

    public static IResourceBuilder<LocalRabbitMQResource> AddLocalRabbitMQ(this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        var (command, args) = ServerScript.As(LocalRabbitMQResource.Account, Script);
        var rabbitmq = new LocalRabbitMQResource(name, command, dataDirectory);
        builder.Eventing.Subscribe<BeforeStartEvent>(async (_, cancellationToken) =>
        {
            Directory.CreateDirectory(dataDirectory);
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "enabled_plugins"), "[rabbitmq_management].\n", cancellationToken);
            ServerScript.GiveOwnership(dataDirectory, LocalRabbitMQResource.Account);
        });

        EndpointReference Port(string endpoint) => new(rabbitmq, endpoint);
        return builder.AddResource(rabbitmq)
            .WithArgs(args)
            .WithEndpoint(name: LocalRabbitMQResource.AmqpEndpointName, scheme: "amqp", isProxied: false)
            .WithEndpoint(name: LocalRabbitMQResource.ManagementEndpointName, scheme: "http", isProxied: false)
            .WithEndpoint(name: LocalRabbitMQResource.DistributionEndpointName, scheme: "tcp", isProxied: false)
            .WithEndpoint(name: LocalRabbitMQResource.EpmdEndpointName, scheme: "tcp", isProxied: false)
            .WithEnvironment(context =>
            {
                var variables = context.EnvironmentVariables;
                variables["AMQP_PORT"] = Port(LocalRabbitMQResource.AmqpEndpointName).Property(EndpointProperty.TargetPort);
                variables["MANAGEMENT_PORT"] = Port(LocalRabbitMQResource.ManagementEndpointName).Property(EndpointProperty.TargetPort);
                variables["RABBITMQ_DIST_PORT"] = Port(LocalRabbitMQResource.DistributionEndpointName).Property(EndpointProperty.TargetPort);
                variables["ERL_EPMD_PORT"] = Port(LocalRabbitMQResource.EpmdEndpointName).Property(EndpointProperty.TargetPort);
                // Each of these would otherwise listen on every interface: epmd (ours, and one the VM starts itself if
                // ours is gone) and the Erlang distribution port. AMQP and management bind 127.0.0.1 in the config file.
                variables["ERL_EPMD_ADDRESS"] = "127.0.0.1";
                variables["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
                variables["RABBITMQ_NODENAME"] = "copilot@localhost";
                variables["RABBITMQ_MNESIA_BASE"] = Path.Combine(dataDirectory, "mnesia");
                variables["RABBITMQ_LOG_BASE"] = Path.Combine(dataDirectory, "log");
                variables["RABBITMQ_LOGS"] = "-";
                variables["RABBITMQ_CONFIG_FILE"] = Path.Combine(dataDirectory, "rabbitmq.conf");
                variables["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dataDirectory, "enabled_plugins");
                // The Debian wrapper then execs the Erlang VM instead of supervising it, so our shell's signal reaches it.
                variables["RUNNING_UNDER_SYSTEMD"] = "1";
                if (ServerScript.RunsAsRoot)
                {
                    // The Erlang cookie lives in the account's home.
                    variables["HOME"] = "/var/lib/rabbitmq";
                }
            })
            .WithResourceHealthCheck(resource => new RabbitMQManagementHealthCheck(resource.Management));
    }
}
