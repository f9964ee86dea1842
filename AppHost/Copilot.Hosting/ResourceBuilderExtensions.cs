using Copilot.Hosting.Resources;

namespace Copilot.Hosting;

/// <summary>The <c>With*</c>/<c>WaitFor</c> methods of Aspire's programming model.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Gives the resource <c>ConnectionStrings__{connectionName}</c>, the source's name by default.</summary>
    /// <param name="connectionName">Needed when the expected name is taken by another resource (a <c>billing</c> project using a <c>billing</c> database).</param>
    public static IResourceBuilder<T> WithReference<T>(
        this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null)
        where T : IResourceWithEnvironment
    {
        builder.Resource.References.Add(new ResourceReference(source.Resource, connectionName ?? source.Resource.Name));
        return builder;
    }

    /// <summary>Gives the resource <c>services__{source}__http__{i}</c>, one per replica of the source.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : IResourceWithEnvironment
    {
        builder.Resource.References.Add(new ResourceReference(source.Resource, source.Resource.Name));
        return builder;
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResourceWithEnvironment
    {
        builder.Resource.Environment[name] = value;
        return builder;
    }

    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas)
        where T : ProcessResource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <param name="port">Fixed port of the first replica; a free port is picked when null.</param>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port = null)
    {
        builder.Resource.FixedHttpPort = port;
        return builder;
    }

    /// <summary>Marks the project as the application's entry point; its URL is printed once everything is healthy.</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        builder.Resource.HasExternalHttpEndpoints = true;
        return builder;
    }
}
