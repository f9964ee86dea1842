using Copilot.Hosting.Resources;

namespace Copilot.Hosting.Orchestration;

/// <summary>
/// Which resource waits for which (<c>WaitFor</c>, plus a database waiting for its server), validated for
/// undeclared resources and cycles. Pure: the orchestrator starts each resource as soon as everything in
/// <see cref="DependenciesOf"/> is healthy; <see cref="Waves"/> is the resulting order when all start at once.
/// </summary>
public sealed class StartupPlan
{
    private readonly Dictionary<IResource, IReadOnlyList<IResource>> _dependencies;

    private StartupPlan(Dictionary<IResource, IReadOnlyList<IResource>> dependencies, IReadOnlyList<IReadOnlyList<IResource>> waves)
    {
        _dependencies = dependencies;
        Waves = waves;
    }

    /// <summary>Groups of resources in start order: every resource's dependencies are in earlier waves.</summary>
    public IReadOnlyList<IReadOnlyList<IResource>> Waves { get; }

    public IReadOnlyList<IResource> DependenciesOf(IResource resource) => _dependencies[resource];

    public static StartupPlan Create(IReadOnlyList<IResource> resources)
    {
        var declared = resources.ToHashSet();
        var dependencies = resources.ToDictionary(resource => resource, resource => DirectDependencies(resource, declared));

        var waves = new List<IReadOnlyList<IResource>>();
        var started = new HashSet<IResource>();
        while (started.Count < resources.Count)
        {
            var wave = resources
                .Where(resource => !started.Contains(resource) && dependencies[resource].All(started.Contains))
                .ToList();
            if (wave.Count == 0)
            {
                var blocked = resources.Where(resource => !started.Contains(resource)).Select(resource => resource.Name);
                throw new InvalidOperationException($"WaitFor cycle among: {string.Join(", ", blocked)}.");
            }

            waves.Add(wave);
            started.UnionWith(wave);
        }

        return new StartupPlan(dependencies, waves);
    }

    private static IReadOnlyList<IResource> DirectDependencies(IResource resource, HashSet<IResource> declared)
    {
        var dependencies = new List<IResource>();
        if (resource is PostgresDatabaseResource database)
        {
            dependencies.Add(database.Parent);
        }

        if (resource is IResourceWithWaitSupport waiting)
        {
            dependencies.AddRange(waiting.WaitsFor);
        }

        var referenced = resource is IResourceWithEnvironment withEnvironment
            ? withEnvironment.References.Select(reference => reference.Resource)
            : [];
        foreach (var other in dependencies.Concat(referenced))
        {
            if (!declared.Contains(other))
            {
                throw new InvalidOperationException($"'{resource.Name}' depends on '{other.Name}', which is not part of the application.");
            }
        }

        return dependencies.Distinct().ToList();
    }
}
