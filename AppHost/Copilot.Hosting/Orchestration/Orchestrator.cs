using Copilot.Hosting.Health;
using Copilot.Hosting.Infrastructure;
using Copilot.Hosting.Processes;
using Copilot.Hosting.Resources;
using Microsoft.Extensions.Configuration;

namespace Copilot.Hosting.Orchestration;

/// <summary>
/// Runs the model: allocates every endpoint up front (so each process's environment is known before anything
/// starts), starts each resource once everything it waits for is healthy, keeps probing, and stops projects
/// before the infrastructure they use.
/// </summary>
internal sealed class Orchestrator
{
    private readonly DistributedApplicationOptions _options;
    private readonly string _runDirectory;
    private readonly StartupPlan _plan;
    private readonly List<ResourceRuntime> _runtimes;
    private readonly ConsoleEcho _echo;
    private readonly HealthSchedule _schedule;
    private readonly EnvironmentContractSettings _environment;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _launches = [];
    private readonly Dictionary<InfrastructureServerResource, ILocalServer> _localServers = [];
    private readonly IConfiguration _configuration;

    /// <summary>Scaling requests are applied one at a time so replica ports and instances stay in step.</summary>
    private readonly SemaphoreSlim _scaling = new(1, 1);

    /// <param name="configuration">Where <c>--external</c> mode reads <c>ConnectionStrings:{name}</c>.</param>
    public Orchestrator(DistributedApplicationOptions options, IConfiguration configuration, IReadOnlyList<IResource> resources, string runDirectory)
    {
        _options = options;
        _configuration = configuration;
        _runDirectory = runDirectory;
        _plan = StartupPlan.Create(resources);
        _echo = new ConsoleEcho(options.Output, options.Verbose);
        _schedule = new HealthSchedule(options.HealthTimeout, options.HealthCheckInterval);
        _environment = EnvironmentContractSettings.FromCurrentProcess(options.EnvironmentName);
        _runtimes = resources.Select(resource => new ResourceRuntime(resource, replica => CreateInstance(resource, replica))).ToList();
    }

    public IReadOnlyList<ResourceSnapshot> Snapshot() => _runtimes.Select(runtime => runtime.Snapshot()).ToList();

    /// <summary>Starts everything and returns once every resource is healthy.</summary>
    /// <exception cref="TimeoutException">A launched resource did not become healthy within the health timeout.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var server in _runtimes.Select(runtime => runtime.Resource).OfType<InfrastructureServerResource>())
        {
            AllocateServer(server);
        }

        foreach (var project in _runtimes.Select(runtime => runtime.Resource).OfType<ProjectResource>())
        {
            project.ReplicaPorts = Enumerable.Range(0, project.Replicas).Select(replica => PortFor(project, replica)).ToList();
        }

        foreach (var runtime in _runtimes)
        {
            await runtime.ScaleAsync(runtime.Resource is ProcessResource process ? process.Replicas : 1);
        }

        _launches.AddRange(_runtimes.Select(LaunchWhenDependenciesAreHealthyAsync));
        await WaitUntilHealthyAsync(cancellationToken);
    }

    public bool TryRestart(string name, int replica)
    {
        var instance = Find(name)?.Instances.FirstOrDefault(candidate => candidate.Replica == replica);
        instance?.Restart();
        return instance is not null;
    }

    public LogBuffer? FindLogs(string name, int replica) =>
        Find(name)?.Instances.FirstOrDefault(candidate => candidate.Replica == replica)?.Logs;

    /// <summary>
    /// Changes a process resource's replica count. Processes that reference it keep the replica list they
    /// were launched with until they are restarted.
    /// </summary>
    public async Task SetReplicasAsync(string name, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        await _scaling.WaitAsync();
        try
        {
            await ScaleAsync(name, count);
        }
        finally
        {
            _scaling.Release();
        }
    }

    private async Task ScaleAsync(string name, int count)
    {
        var runtime = Find(name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");
        if (runtime.Resource is not ProcessResource process)
        {
            throw new InvalidOperationException($"'{name}' is not a process resource and cannot be scaled.");
        }

        // Ports are added before new replicas launch and dropped only after removed ones stopped: a replica
        // relaunching meanwhile still finds its own port.
        var project = process as ProjectResource;
        if (project is not null && project.ReplicaPorts.Count < count)
        {
            var added = Enumerable.Range(project.ReplicaPorts.Count, count - project.ReplicaPorts.Count).Select(replica => PortFor(project, replica));
            project.ReplicaPorts = [.. project.ReplicaPorts, .. added];
        }

        process.Replicas = count;
        await runtime.ScaleAsync(count);
        if (project is not null)
        {
            project.ReplicaPorts = project.ReplicaPorts.Take(count).ToList();
        }
    }

    /// <summary>Stops projects and executables first, then the infrastructure they were using.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_launches);
        var (processes, infrastructure) = (
            _runtimes.Where(runtime => runtime.Resource is ProcessResource),
            _runtimes.Where(runtime => runtime.Resource is not ProcessResource));
        await Task.WhenAll(processes.Select(runtime => runtime.StopAsync()));
        await Task.WhenAll(infrastructure.Select(runtime => runtime.StopAsync()));
    }

    /// <summary>Kills every process at once, with no ordering and no grace period.</summary>
    public void Kill()
    {
        _stopping.Cancel();
        foreach (var runtime in _runtimes)
        {
            runtime.Kill();
        }
    }

    private ResourceRuntime? Find(string name) =>
        _runtimes.FirstOrDefault(runtime => string.Equals(runtime.Name, name, StringComparison.OrdinalIgnoreCase));

    private async Task LaunchWhenDependenciesAreHealthyAsync(ResourceRuntime runtime)
    {
        var dependencies = _plan.DependenciesOf(runtime.Resource).Select(dependency => Find(dependency.Name)!.FirstHealthy);
        try
        {
            await Task.WhenAll(dependencies).WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        runtime.Launch();
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        while (!_runtimes.All(runtime => runtime.FirstHealthy.IsCompleted))
        {
            var late = _runtimes
                .SelectMany(runtime => runtime.Instances.Select(instance => (runtime.Name, Instance: instance)))
                .FirstOrDefault(pair => !pair.Instance.EverHealthy
                    && (pair.Instance.State == ResourceState.Exited
                        || DateTimeOffset.UtcNow - pair.Instance.FirstLaunchedAt > _options.HealthTimeout));
            if (late.Instance is not null)
            {
                var lastLines = string.Join(Environment.NewLine, late.Instance.Logs.Tail(30).Select(entry => "  " + entry.Text));
                var problem = late.Instance.State == ResourceState.Exited
                    ? "could not start"
                    : $"did not become healthy within {_options.HealthTimeout.TotalSeconds:0} s (state {late.Instance.State})";
                throw new TimeoutException(
                    $"'{late.Name}' (replica {late.Instance.Replica}) {problem}; last health: {late.Instance.HealthDescription ?? "none"}. " +
                    $"Last output:{Environment.NewLine}{lastLines}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private void AllocateServer(InfrastructureServerResource server)
    {
        if (_options.UseExternalInfrastructure)
        {
            server.IsExternal = true;
            server.ConnectionString = _configuration.GetConnectionString(server.Name) is { Length: > 0 } connectionString
                ? connectionString
                : throw new InvalidOperationException($"--external needs ConnectionStrings__{server.Name}.");
            return;
        }

        var local = LocalServerFor(server);
        server.ConnectionString = local.ConnectionString;
        if (server is RabbitMQServerResource broker && local is LocalRabbitMqServer rabbit)
        {
            broker.ManagementUrl = rabbit.ManagementUrl;
        }

        _localServers[server] = local;
    }

    private ILocalServer LocalServerFor(InfrastructureServerResource server)
    {
        var directory = Path.Combine(_runDirectory, server.Name);
        var grace = _options.InfrastructureStopGracePeriod;
        return server switch
        {
            RedisResource redis => new LocalRedisServer(directory, PortAllocator.GetFreePort(), grace, redis.Persistence),
            PostgresServerResource => new LocalPostgresServer(directory, PortAllocator.GetFreePort(), grace),
            RabbitMQServerResource => new LocalRabbitMqServer(directory, grace),
            _ => throw new NotSupportedException($"No local launcher for {server.GetType().Name}."),
        };
    }

    private static int PortFor(ProjectResource project, int replica) =>
        replica == 0 && project.FixedHttpPort is { } fixedPort ? fixedPort : PortAllocator.GetFreePort();

    private ResourceInstance CreateInstance(IResource resource, int replica)
    {
        var echo = _echo.For(replica > 0 || resource is ProcessResource { Replicas: > 1 } ? $"{resource.Name}-{replica}" : resource.Name);
        return resource switch
        {
            InfrastructureServerResource server when _localServers.TryGetValue(server, out var local) => new ProcessInstance(
                replica, () => local.Spec, local.Probe, _schedule, [DisplayEndpoint(server)], local.PrepareAsync, echo),
            InfrastructureServerResource server => new ProbeOnlyInstance(ExternalProbe(server), _schedule, endpoint: null),
            PostgresDatabaseResource database => new ProbeOnlyInstance(
                new PostgresDatabaseProbe(database.ConnectionString!), _schedule, database.DatabaseName),
            ProjectResource project => CreateProjectInstance(project, replica, echo),
            ExecutableResource executable => new ProcessInstance(
                replica, () => SpecFor(executable, replica, executable.Command, executable.Arguments, executable.WorkingDirectory),
                probe: null, _schedule, [], (_, _) => Task.CompletedTask, echo),
            _ => throw new NotSupportedException($"Resource type {resource.GetType().Name} is not supported."),
        };
    }

    private ProcessInstance CreateProjectInstance(ProjectResource project, int replica, Action<LogEntry> echo)
    {
        var assembly = ProjectLocator.AssemblyPath(project.ProjectDirectory, project.ProjectName, _options.BuildConfiguration);
        var url = project.HttpEndpoints[replica];
        return new ProcessInstance(
            replica,
            () => SpecFor(project, replica, DotnetHost.Path, [assembly], project.ProjectDirectory), new HttpHealthProbe(new Uri(url, ProjectResource.HealthPath)), _schedule, [url.ToString().TrimEnd('/')],
            (_, _) => File.Exists(assembly)
                ? Task.CompletedTask
                : throw new FileNotFoundException(
                    $"{assembly} does not exist; build the AppHost (it builds every service) with -c {_options.BuildConfiguration}."),
            echo);
    }

    private ProcessSpec SpecFor(ProcessResource resource, int replica, string fileName, IReadOnlyList<string> arguments, string workingDirectory) => new()
    {
        FileName = fileName,
        Arguments = arguments,
        WorkingDirectory = workingDirectory,
        EnvironmentVariables = EnvironmentContract.IsolatedFromInherited(EnvironmentContract.ForReplica(resource, replica, _environment)),
        StopGracePeriod = _options.ProjectStopGracePeriod,
    };

    private static IHealthProbe ExternalProbe(InfrastructureServerResource server) => server switch
    {
        RedisResource => RedisPingProbe.FromConnectionString(server.ConnectionString!),
        RabbitMQServerResource => AmqpHandshakeProbe.FromUri(new Uri(server.ConnectionString!)),
        _ => new PostgresProbe(PostgresConnections.WithDatabase(server.ConnectionString!, "postgres")),
    };

    /// <summary>What the dashboard shows as the server's endpoint: a URL where one is clickable.</summary>
    private static string DisplayEndpoint(InfrastructureServerResource server) => server switch
    {
        RabbitMQServerResource { ManagementUrl: { } management } => management.ToString(),
        _ => server.ConnectionString!,
    };
}
