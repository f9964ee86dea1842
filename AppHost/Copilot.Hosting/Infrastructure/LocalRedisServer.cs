using Copilot.Hosting.Health;
using Copilot.Hosting.Processes;
using Copilot.Hosting.Resources;

namespace Copilot.Hosting.Infrastructure;

/// <param name="persistence">Null: development data lives and dies with each launch.</param>
internal sealed class LocalRedisServer(string dataDirectory, int port, TimeSpan stopGracePeriod, RedisPersistence? persistence) : ILocalServer
{
    public string ConnectionString => $"127.0.0.1:{port}";

    /// <summary>With persistence the snapshot (<c>dump.rdb</c> in the data directory) is written on SIGTERM and loaded at the next launch.</summary>
    public ProcessSpec Spec => new()
    {
        FileName = "redis-server",
        Arguments = ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dataDirectory, "--save", SaveRule, "--appendonly", "no"],
        WorkingDirectory = dataDirectory,
        StopSignal = UnixSignal.Terminate,
        StopGracePeriod = stopGracePeriod,
    };

    private string SaveRule => persistence is null
        ? ""
        : $"{Math.Max(1, (long)persistence.Interval.TotalSeconds)} {persistence.KeysChangedThreshold}";

    public IHealthProbe Probe => new RedisPingProbe("127.0.0.1", port);

    public Task PrepareAsync(LogBuffer logs, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        return Task.CompletedTask;
    }
}
