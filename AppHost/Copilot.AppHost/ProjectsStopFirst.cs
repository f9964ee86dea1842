using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Copilot.AppHost;

/// <summary>
/// On shutdown, stops the services before the infrastructure. DCP stops every resource at once, so a service's own
/// graceful stop (MassTransit handing back in-flight turns, the executors ending theirs, pooled connections closing)
/// would race Redis, RabbitMQ and PostgreSQL going away and hang on them until it is killed. Here the gateway stops
/// first (no new requests), then every other project, each with SIGTERM (which <c>dotnet run</c> forwards to the app);
/// only then does Aspire stop the servers.
/// </summary>
public sealed partial class ProjectsStopFirst(
    DistributedApplicationModel model,
    ResourceCommandService commands,
    ResourceNotificationService notifications,
    ILogger<ProjectsStopFirst> logger) : IHostedLifecycleService
{
    /// <summary>DCP kills a process 6 s after its SIGTERM; waiting longer than that for any one wave gains nothing.</summary>
    private static readonly TimeSpan WaveTimeout = TimeSpan.FromSeconds(8);

    public const string EdgeResourceName = "gateway";

    /// <summary>The latest state of every resource instance (a replica is an instance), kept from the start.</summary>
    private readonly ConcurrentDictionary<string, ResourceEvent> _instances = new();
    private readonly CancellationTokenSource _watching = new();

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var projects = model.Resources.OfType<ProjectResource>().ToList();
        await StopAsync(projects.Where(project => project.Name == EdgeResourceName), cancellationToken);
        await StopAsync(projects.Where(project => project.Name != EdgeResourceName), cancellationToken);
    }

    private async Task StopAsync(IEnumerable<ProjectResource> projects, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(WaveTimeout);
        try
        {
            await Task.WhenAll(projects.Select(project => StopOneAsync(project, deadline.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogWaveTimedOut(WaveTimeout.TotalSeconds);
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
            LogStopFailed(project.Name, result.Message);
            return;
        }

        while (AnyActive())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
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
        _watching.Cancel();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Services still stopping after {Seconds} s; stopping the infrastructure anyway")]
    private partial void LogWaveTimedOut(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not stop {Resource} before the infrastructure: {Error}")]
    private partial void LogStopFailed(string resource, string? error);
}
