using Microsoft.Extensions.Options;

namespace Copilot.Executor.Tools.Sandbox;

/// <summary>
/// Removes sandbox folders idle past their retention, every <see cref="SandboxOptions.SweepInterval"/>: the folders of
/// sessions deleted while no executor listened, and of sessions simply left alone.
/// </summary>
public sealed partial class SandboxSweeper(SandboxWorkspaces workspaces, IOptions<SandboxOptions> options, TimeProvider time, ILogger<SandboxSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                if (workspaces.RemoveIdle() is > 0 and var removed)
                {
                    LogSwept(removed);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} idle sandbox folders")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox sweep failed; it runs again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
