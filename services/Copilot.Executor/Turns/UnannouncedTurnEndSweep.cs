using Copilot.Chat.Turns;
using Copilot.Usage.Client;
using Microsoft.Extensions.Options;

namespace Copilot.Executor.Turns;

/// <summary>
/// Releases the usage reservations of turns whose end usage never learned of: the worker that ended the turn died
/// before announcing it, or neither the broker nor usage answered it in time. A turn's end lists it in the same Redis
/// script that ends it (<see cref="TurnStore.MarkCompletedAsync"/>) and its announcement unlists it, so an end still
/// listed after <see cref="ExecutorOptions.UnannouncedEndGrace"/> has nobody left to announce it — without this, usage
/// would hold its reservation until the reservation's own TTL (30 min), shrinking what the user may spend. Every
/// replica sweeps; releasing twice is harmless. The turn's cost was charged call by call, so only the per-turn
/// estimate misses it.
/// </summary>
public sealed partial class UnannouncedTurnEndSweep(
    TurnStore turns,
    ITurnAdmission admission,
    IOptions<ExecutorOptions> options,
    ILogger<UnannouncedTurnEndSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WatchdogInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var end in await turns.FindUnannouncedAsync(options.Value.UnannouncedEndGrace))
                {
                    if (await admission.ReleaseAsync(end.UserId, end.TurnId))
                    {
                        await turns.MarkAnnouncedAsync(end);
                        LogReleased(end.TurnId, end.UserId);
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Released the usage reservation of turn {TurnId} (user {UserId}), whose end was never announced")]
    private partial void LogReleased(Guid turnId, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep for unannounced turn ends failed; it runs again")]
    private partial void LogSweepFailed(Exception exception);
}
