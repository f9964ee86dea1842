namespace Copilot.Executor.Tools.Sandbox;

/// <summary>Probes the sandbox as the executor starts, so its state is in the start-up log, not first seen mid-turn.</summary>
public sealed class SandboxProbe(BubblewrapSandbox sandbox) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => sandbox.UnavailableReasonAsync();
}
