namespace Copilot.Hosting.Resources;

/// <summary>Anything the orchestrator runs or points at, identified by a unique name (Aspire's <c>IResource</c>).</summary>
public interface IResource
{
    string Name { get; }
}

/// <summary>A resource others reach through <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>Null until the orchestrator has allocated the resource's endpoint (or read its external one).</summary>
    string? ConnectionString { get; }
}

/// <summary>A resource whose process receives environment variables, references included.</summary>
public interface IResourceWithEnvironment : IResource
{
    IDictionary<string, string> Environment { get; }

    IList<ResourceReference> References { get; }
}

/// <param name="Name">The name in the variable: <c>ConnectionStrings__{Name}</c> or <c>services__{Name}__http__{i}</c>.</param>
public sealed record ResourceReference(IResource Resource, string Name);

/// <summary>A resource that can wait for others to be healthy before it starts.</summary>
public interface IResourceWithWaitSupport : IResource
{
    IList<IResource> WaitsFor { get; }
}

/// <summary>A resource others find through service discovery, <c>services__{Name}__http__{i}</c>.</summary>
public interface IResourceWithServiceDiscovery : IResource
{
    IReadOnlyList<Uri> HttpEndpoints { get; }
}
