using Copilot.Hosting.Health;
using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Infrastructure;

internal sealed class LocalRedisServer(string dataDirectory, int port, TimeSpan stopGracePeriod) : ILocalServer
{
    public string ConnectionString => $"127.0.0.1:{port}";

    /// <summary>No persistence: development data lives and dies with the run.</summary>
    public ProcessSpec Spec => new()
    {
        FileName = "redis-server",
        Arguments = ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dataDirectory, "--save", "", "--appendonly", "no"],
        WorkingDirectory = dataDirectory,
        StopSignal = UnixSignal.Terminate,
        StopGracePeriod = stopGracePeriod,
    };

    public IHealthProbe Probe => new RedisPingProbe("127.0.0.1", port);

    public Task PrepareAsync(LogBuffer logs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        return Task.CompletedTask;
    }
}
