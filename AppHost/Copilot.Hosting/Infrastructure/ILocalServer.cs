using Copilot.Hosting.Health;
using Copilot.Hosting.Processes;

namespace Copilot.Hosting.Infrastructure;

/// <summary>A backing server run as a local process with its own data directory and ports.</summary>
internal interface ILocalServer
{
    string ConnectionString { get; }

    ProcessSpec Spec { get; }

    IHealthProbe Probe { get; }

    /// <summary>Creates the data directory and anything the first launch needs; idempotent.</summary>
    Task PrepareAsync(LogBuffer logs, CancellationToken cancellationToken);
}
