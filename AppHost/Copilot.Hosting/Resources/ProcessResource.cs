namespace Copilot.Hosting.Resources;

/// <summary>A resource run as one or more supervised local processes.</summary>
public abstract class ProcessResource(string name) : IResourceWithEnvironment, IResourceWithWaitSupport
{
    public string Name { get; } = name;

    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IList<ResourceReference> References { get; } = [];

    public IList<IResource> WaitsFor { get; } = [];

    public int Replicas { get; internal set; } = 1;
}
