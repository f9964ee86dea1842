using Copilot.Hosting.Resources;

namespace Copilot.Hosting.Orchestration;

/// <summary>A resource while the application runs: its replicas and whether it has been healthy yet.</summary>
internal sealed class ResourceRuntime(IResource resource, Func<int, ResourceInstance> createInstance)
{
    private readonly List<ResourceInstance> _instances = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _firstHealthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _launched;

    public IResource Resource { get; } = resource;

    public string Name => Resource.Name;

    /// <summary>Completes the first time every replica is healthy; what <c>WaitFor</c> waits on.</summary>
    public Task FirstHealthy => _firstHealthy.Task;

    public IReadOnlyList<ResourceInstance> Instances
    {
        get
        {
            lock (_gate)
            {
                return _instances.ToList();
            }
        }
    }

    public static string TypeOf(IResource resource) => resource switch
    {
        RedisResource => "Redis",
        RabbitMQServerResource => "RabbitMQ",
        PostgresServerResource => "PostgreSQL",
        PostgresDatabaseResource => "PostgreSQL database",
        ProjectResource => "Project",
        ExecutableResource => "Executable",
        _ => resource.GetType().Name,
    };

    /// <summary>Adds replicas up to <paramref name="count"/> or stops the highest ones beyond it.</summary>
    public async Task ScaleAsync(int count)
    {
        List<ResourceInstance> removed;
        lock (_gate)
        {
            while (_instances.Count < count)
            {
                var instance = createInstance(_instances.Count);
                instance.BecameHealthy += CheckHealthy;
                _instances.Add(instance);
                if (_launched)
                {
                    instance.Start();
                }
            }

            removed = _instances.Skip(count).ToList();
            _instances.RemoveRange(count, _instances.Count - count);
        }

        await Task.WhenAll(removed.Select(instance => instance.StopAsync()));
    }

    public void Launch()
    {
        lock (_gate)
        {
            _launched = true;
            foreach (var instance in _instances)
            {
                instance.Start();
            }
        }
    }

    public Task StopAsync() => Task.WhenAll(Instances.Select(instance => instance.StopAsync()));

    public void Kill()
    {
        foreach (var instance in Instances)
        {
            instance.Kill();
        }
    }

    public ResourceSnapshot Snapshot()
    {
        var instances = Instances.Select(instance => instance.Snapshot()).ToList();
        var states = instances.Select(instance => instance.State).Distinct().ToList();
        var state = states.Count == 1
            ? states[0]
            : states.FirstOrDefault(candidate => candidate is not (ResourceState.Healthy or ResourceState.Running), ResourceState.Healthy);
        var server = Resource switch
        {
            InfrastructureServerResource infrastructure => infrastructure,
            PostgresDatabaseResource database => database.Parent,
            _ => null,
        };
        return new ResourceSnapshot(
            Name,
            TypeOf(Resource),
            state,
            instances.Count,
            server?.IsExternal ?? false,
            // External servers' connection strings (and their databases') may hold real credentials; only local ones are shown.
            server?.IsExternal == true ? null : (Resource as IResourceWithConnectionString)?.ConnectionString,
            (Resource as IResourceWithWaitSupport)?.WaitsFor.Select(dependency => dependency.Name).ToList() ?? [],
            instances);
    }

    private void CheckHealthy()
    {
        if (Instances.All(instance => instance.IsHealthy))
        {
            _firstHealthy.TrySetResult();
        }
    }
}
