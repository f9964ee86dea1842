using Copilot.AppHost.Infrastructure.Health;

namespace Copilot.AppHost.Infrastructure;

/// <summary>Debian's redis-server as a local process on a port Aspire allocates (Aspire's own Redis is a container).</summary>
public sealed class LocalRedisResource(string name, string dataDirectory)
    : ExecutableResource(name, "redis-server", dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>StackExchange.Redis format, as Aspire's Redis resource hands it out.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.TargetPort)}");
}

/// <summary>Redis persistence: snapshot every <paramref name="Interval"/> after a change, and on every graceful stop.</summary>
public sealed record RedisPersistenceAnnotation(TimeSpan Interval) : IResourceAnnotation;

public static class LocalRedisExtensions
{
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, string dataDirectory)
    {
        var redis = new LocalRedisResource(name, dataDirectory);
        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            Directory.CreateDirectory(dataDirectory);
            return Task.CompletedTask;
        });

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                var snapshot = redis.TryGetLastAnnotation<RedisPersistenceAnnotation>(out var persistence)
                    ? $"{Math.Max(1, (long)persistence.Interval.TotalSeconds)} 1"
                    : "";
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                foreach (var argument in new[] { "--bind", "127.0.0.1", "--dir", dataDirectory, "--save", snapshot, "--appendonly", "no" })
                {
                    context.Args.Add(argument);
                }
            })
            .WithConnectionHealthCheck(connectionString => new RedisPingHealthCheck(connectionString));
    }

    /// <summary>
    /// Keeps Redis' data across a restart (the fault-injection suite restarts Redis under load): DCP stops it with
    /// SIGTERM, on which Redis writes its snapshot, and the next launch loads it from the same data directory.
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> WithPersistence(this IResourceBuilder<LocalRedisResource> builder, TimeSpan? interval = null) =>
        builder.WithAnnotation(new RedisPersistenceAnnotation(interval ?? TimeSpan.FromSeconds(60)));
}
