using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Copilot.AppHost;

/// <summary>
/// On shutdown, stops the services before the infrastructure. DCP stops every resource at once, so a service's own
/// graceful stop (MassTransit handing back in-flight turns, SSE streams ending so clients resume elsewhere, pooled
/// connections closing) would race Redis, RabbitMQ and PostgreSQL going away and hang on them until it is killed.
/// Here every project gets SIGTERM (which <c>dotnet run</c> forwards to the app) and is waited for; only then does
/// Aspire stop the servers. The projects stop together: the gateway's proxied streams end when chat-api ends them.
/// </summary>
public sealed partial class ProjectsStopFirst(
    DistributedApplicationModel model,
    ResourceCommandService commands,
    ResourceNotificationService notifications,
    ILogger<ProjectsStopFirst> logger) : IHostedLifecycleService
{
    /// <summary>DCP kills a process 6 s after its SIGTERM; waiting much longer than that gains nothing.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(8);

    /// <summary>The latest state of every resource instance (a replica is an instance), kept from the start.</summary>
    private readonly ConcurrentDictionary<string, ResourceEvent> _instances = new();
    private readonly CancellationTokenSource _watching = new();

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StopTimeout);
        try
        {
            await Task.WhenAll(model.Resources.OfType<ProjectResource>().Select(project => StopOneAsync(project, deadline.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(StopTimeout.TotalSeconds);
        }
    }

    private async Task StopOneAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        bool AnyActive() => _instances.Values.Any(instance => instance.Resource == project && IsActive(instance));
        if (!AnyActive())
        {
            return;
        }

        var result = await commands.ExecuteCommandAsync(project, KnownResourceCommands.StopCommand, cancellationToken);
        if (!result.Success)
        {
            LogStopFailed(project.Name, result.Canceled ? "it did not stop in time" : result.Message);
            return;
        }

        while (AnyActive())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        foreach (var instance in _instances.Values.Where(instance => instance.Resource == project))
        {
            LogStopped(instance.ResourceId, instance.Snapshot.ExitCode);
        }
    }

    private static bool IsActive(ResourceEvent instance) =>
        instance.Snapshot.State?.Text is { } state
        && !KnownResourceStates.TerminalStates.Contains(state)
        && state != KnownResourceStates.NotStarted;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(_watching.Token))
                {
                    _instances[update.ResourceId] = update;
                }
            }
            catch (OperationCanceledException)
            {
                // The AppHost has stopped.
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <remarks>
    /// Idempotent: the host can be stopped twice (Aspire's testing builder: an explicit stop, then a dispose that stops
    /// again), and a second call must not find the watch's token source disposed.
    /// </remarks>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Not disposed, as it holds no timer.
        _watching.Cancel();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Services still stopping after {Seconds} s; stopping the infrastructure anyway")]
    private partial void LogTimedOut(double seconds);

    /// <remarks>
    /// The exit code is of what DCP launched, <c>dotnet run</c>, which returns the service's own code once it has
    /// forwarded the SIGTERM and the service has stopped; a service killed for taking too long shows 137.
    /// </remarks>
    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped {Instance} with exit code {ExitCode}")]
    private partial void LogStopped(string instance, int? exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop {Resource} before the infrastructure: {Error}")]
    private partial void LogStopFailed(string resource, string? error);
}
