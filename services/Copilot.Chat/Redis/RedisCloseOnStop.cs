using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Copilot.Chat.Redis;

/// <summary>
/// Closes the Redis connection without waiting once the host has stopped. Disposing the multiplexer (as the container
/// does afterwards) first waits up to its sync timeout, 5 s, for in-flight work — at that point only the pub/sub
/// connection's own — which alone would use up the grace an orchestrator gives a stopping process. Every hosted
/// service has finished with Redis by then.
/// </summary>
internal sealed class RedisCloseOnStop(IConnectionMultiplexer redis) : IHostedLifecycleService
{
    public Task StoppedAsync(CancellationToken cancellationToken) => redis.CloseAsync(allowCommandsToComplete: false);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
