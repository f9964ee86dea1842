using System.Text.Json;

namespace Copilot.AppHost.Infrastructure;

/// <summary>
/// With <c>--infra-only --state-file PATH</c>, the servers' connection strings are written there once all of them are
/// healthy, so every test project of one <c>./test.sh</c> run shares one set of servers:
/// <c>{ "redis": "127.0.0.1:P", "rabbitmq": "amqp://guest:guest@127.0.0.1:P/", "rabbitmqManagement": "http://127.0.0.1:P/",
/// "postgres": "Host=…;Port=…;Username=postgres;Password=postgres" }</c>. Written to a temporary file and renamed, so a
/// reader never sees half of it.
/// </summary>
public static class InfrastructureStateFile
{
    private static readonly JsonSerializerOptions Format = new() { WriteIndented = true };

    public static void WriteWhenReady(
        IDistributedApplicationBuilder builder,
        string path,
        IResourceBuilder<LocalRedisResource> redis,
        IResourceBuilder<LocalRabbitMQResource> rabbitmq,
        IResourceBuilder<LocalPostgresResource> postgres)
    {
        var pending = new HashSet<string> { redis.Resource.Name, rabbitmq.Resource.Name, postgres.Resource.Name };
        foreach (var server in new IResource[] { redis.Resource, rabbitmq.Resource, postgres.Resource })
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (_, cancellationToken) =>
            {
                lock (pending)
                {
                    if (!pending.Remove(server.Name) || pending.Count > 0)
                    {
                        return;
                    }
                }

                var state = new Dictionary<string, string?>
                {
                    ["redis"] = await redis.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken),
                    ["rabbitmq"] = await rabbitmq.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken),
                    ["rabbitmqManagement"] = $"http://127.0.0.1:{rabbitmq.Resource.Management.Port}/",
                    ["postgres"] = await postgres.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken),
                };
                var fullPath = Path.GetFullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
                var temporary = $"{fullPath}.{Environment.ProcessId}.tmp";
                await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(state, Format), cancellationToken);
                File.Move(temporary, fullPath, overwrite: true);
            });
        }
    }
}
