using Copilot.Hosting.Health;
using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Infrastructure;

/// <summary>
/// A RabbitMQ node with the management plugin. It gets its own epmd on a private port, started in the node's
/// process group: the node would otherwise spawn a shared daemon on 4369 that outlives it and that other
/// nodes on the machine may be using.
/// </summary>
internal sealed class LocalRabbitMqServer : ILocalServer
{
    private const string Account = "rabbitmq";
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly string _directory;
    private readonly int _amqpPort = PortAllocator.GetFreePort();
    private readonly int _managementPort = PortAllocator.GetFreePort();
    private readonly int _distributionPort = PortAllocator.GetFreePort();
    private readonly int _epmdPort = PortAllocator.GetFreePort();
    private readonly TimeSpan _stopGracePeriod;

    public LocalRabbitMqServer(string directory, TimeSpan stopGracePeriod)
    {
        _directory = directory;
        _stopGracePeriod = stopGracePeriod;
    }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{_amqpPort}/";

    public Uri ManagementUrl => new($"http://127.0.0.1:{_managementPort}/");

    public ProcessSpec Spec => new()
    {
        FileName = "sh",
        Arguments =
        [
            "-c",
            $"epmd -port {_epmdPort} -address 127.0.0.1 & " +
            $"until epmd -port {_epmdPort} -names >/dev/null 2>&1; do sleep 0.1; done; exec {ServerScript}",
        ],
        WorkingDirectory = _directory,
        RunAsUser = ServiceAccounts.RunAs(Account),
        EnvironmentVariables = new Dictionary<string, string?>
        {
            ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
            ["RABBITMQ_NODENAME"] = $"copilot-{_amqpPort}@localhost",
            ["RABBITMQ_NODE_PORT"] = _amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
        },
        StopSignal = UnixSignal.Terminate,
        StopGracePeriod = _stopGracePeriod,
    };

    public IHealthProbe Probe => new RabbitMqManagementProbe(ManagementUrl);

    public async Task PrepareAsync(LogBuffer logs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "enabled_plugins"), "[rabbitmq_management].\n", cancellationToken);
        await File.WriteAllLinesAsync(
            Path.Combine(_directory, "rabbitmq.conf"),
            [
                $"listeners.tcp.default = 127.0.0.1:{_amqpPort}",
                $"management.tcp.port = {_managementPort}",
                "management.tcp.ip = 127.0.0.1",
                // guest is otherwise limited to loopback connections; every client here is local, so lift the check.
                "loopback_users = none",
            ],
            cancellationToken);
        await ServiceAccounts.GiveOwnershipAsync(_directory, Account, logs, cancellationToken);
    }
}
