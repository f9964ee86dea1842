using Copilot.Hosting.Dashboard.Counters;
using Copilot.Hosting.Resources;

namespace Copilot.Hosting;

/// <summary>The <c>Add*</c> methods of Aspire's hosting packages, backed by local processes.</summary>
public static class DistributedApplicationBuilderExtensions
{
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RedisResource(name));

    /// <summary>
    /// Keeps Redis' data across restarts (Aspire's <c>WithPersistence</c>): a snapshot every <paramref name="interval"/>
    /// (60 s by default) when at least <paramref name="keysChangedThreshold"/> keys changed, and one on every graceful stop.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithPersistence(
        this IResourceBuilder<RedisResource> builder, TimeSpan? interval = null, long keysChangedThreshold = 1)
    {
        builder.Resource.Persistence = new RedisPersistence(interval ?? TimeSpan.FromSeconds(60), keysChangedThreshold);
        return builder;
    }

    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RabbitMQServerResource(name));

    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new PostgresServerResource(name));

    /// <param name="databaseName">Name of the database on the server; the resource name when omitted.</param>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database);
    }

    /// <param name="projectPath">Project directory or .csproj, relative to the repository root.</param>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var (directory, projectName) = ProjectLocator.Resolve(builder.RepositoryRoot, projectPath);
        return builder.AddResource(new ProjectResource(name, directory, projectName));
    }

    /// <param name="workingDirectory">Relative to the repository root unless absolute.</param>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args) =>
        builder.AddResource(new ExecutableResource(name, command, Path.GetFullPath(Path.Combine(builder.RepositoryRoot, workingDirectory)), args));

    /// <summary>Adds a group of live counters to the dashboard.</summary>
    public static IDistributedApplicationBuilder AddCounters(this IDistributedApplicationBuilder builder, ICounterSource source)
    {
        builder.CounterSources.Add(source);
        return builder;
    }
}
