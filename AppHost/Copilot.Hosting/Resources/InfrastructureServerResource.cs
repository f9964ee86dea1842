namespace Copilot.Hosting.Resources;

/// <summary>
/// A backing server (Redis, RabbitMQ, PostgreSQL). Run as a local process on free ports, or, in
/// <c>--external</c> mode, taken from <c>ConnectionStrings__{Name}</c> and only probed.
/// </summary>
public abstract class InfrastructureServerResource(string name) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    public string? ConnectionString { get; internal set; }

    /// <summary>Set when the server is external; the orchestrator then launches no process for it.</summary>
    public bool IsExternal { get; internal set; }
}

public sealed class RedisResource(string name) : InfrastructureServerResource(name)
{
    /// <summary>Snapshot rule (<c>save &lt;seconds&gt; &lt;changes&gt;</c>); null keeps nothing across restarts.</summary>
    public RedisPersistence? Persistence { get; internal set; }
}

/// <summary>Redis snapshots the data set every <paramref name="Interval"/> once <paramref name="KeysChangedThreshold"/> keys changed, and on shutdown.</summary>
public sealed record RedisPersistence(TimeSpan Interval, long KeysChangedThreshold);

public sealed class RabbitMQServerResource(string name) : InfrastructureServerResource(name)
{
    /// <summary>HTTP management API root; null for an external broker.</summary>
    public Uri? ManagementUrl { get; internal set; }
}

/// <summary>The server; its connection string is server-level (no <c>Database=</c>).</summary>
public sealed class PostgresServerResource(string name) : InfrastructureServerResource(name)
{
    public IList<PostgresDatabaseResource> Databases { get; } = [];
}
