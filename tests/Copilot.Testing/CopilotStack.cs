using System.Net.Http.Headers;

namespace Copilot.Testing;

/// <summary>
/// The platform's services as the AppHost declares them (<see cref="AppHostModel"/>), run as this test process's own
/// processes on the run's shared infrastructure, isolated in their own database and RabbitMQ virtual host: the LLM
/// simulator, usage, chat-api, executors and optionally billing and the gateway. Plain processes rather than DCP
/// resources: tests kill, pause and add single replicas, and dozens of stacks share one run's servers.
/// </summary>
public sealed class CopilotStack : IAsyncDisposable
{
    public const string InternalApiKey = "test-internal-key";

    private const string LlmSimName = "llm-sim";
    private const string UsageName = "usage";
    private const string BillingName = "billing";
    private const string ChatApiName = "chat-api";
    private const string ExecutorName = "copilot-executor";
    private const string GatewayName = "gateway";

    private readonly List<ServiceProcess> _all = [];

    /// <summary>How each service was launched, to launch it again the same way after a crash.</summary>
    private readonly Dictionary<ServiceProcess, ServiceProcessOptions> _launches = [];

    private readonly Dictionary<string, IReadOnlyList<ServiceProcess>> _replicas = new(StringComparer.Ordinal);

    private CopilotStack(SharedInfrastructure infrastructure, string chatDatabase, string rabbitMq)
    {
        Infrastructure = infrastructure;
        ChatDatabase = chatDatabase;
        RabbitMq = rabbitMq;
    }

    public SharedInfrastructure Infrastructure { get; }

    /// <summary>Npgsql connection string of this stack's chat database.</summary>
    public string ChatDatabase { get; }

    /// <summary>AMQP URI of this stack's virtual host.</summary>
    public string RabbitMq { get; }

    public ServiceProcess LlmSim { get; private set; } = null!;

    public ServiceProcess? Usage { get; private set; }

    public IReadOnlyList<ServiceProcess> ChatApis { get; private set; } = [];

    public IReadOnlyList<ServiceProcess> Executors { get; private set; } = [];

    public ServiceProcess? Gateway { get; private set; }

    public ServiceProcess? Billing { get; private set; }

    /// <summary>Billing's own database (when billing runs), for tests that wait on its webhook inbox.</summary>
    public string? BillingDatabase { get; private set; }

    /// <summary>The public entry: the gateway when running, else the first chat-api.</summary>
    public Uri EntryAddress => (Gateway ?? ChatApis[0]).BaseAddress;

    public static async Task<CopilotStack> StartAsync(CopilotStackOptions options)
    {
        var infrastructure = options.Infrastructure ?? await SharedInfrastructure.GetAsync();
        var stack = new CopilotStack(infrastructure,
            await infrastructure.CreateDatabaseAsync("chat"),
            await infrastructure.CreateVirtualHostAsync("stack"));
        try
        {
            await stack.StartServicesAsync(options);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client to the entry address carrying a bearer token for <paramref name="userId"/>.</summary>
    public HttpClient CreateClient(string userId, params string[] roles) => CreateClient(EntryAddress, userId, roles);

    public static HttpClient CreateClient(Uri baseAddress, string userId, params string[] roles) => CreateClient(baseAddress, TestTokens.For(userId, roles));

    /// <summary>A client whose token also carries an <c>email</c> claim, as the identity provider's tokens do.</summary>
    public HttpClient CreateClientWithEmail(string userId, string email) => CreateClient(EntryAddress, TestTokens.WithEmail(userId, email));

    private static HttpClient CreateClient(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Starts one more executor (e.g. to replace one that a test killed).</summary>
    public async Task<ServiceProcess> StartExecutorAsync(CopilotStackOptions options, int replica)
    {
        var executor = await StartReplicaAsync(options, AppHostModel.Project(ExecutorName), replica);
        Executors = [.. Executors, executor];
        return executor;
    }

    /// <summary>
    /// Kills <paramref name="service"/> as a crash would (SIGKILL to its whole process group, paused or not) and starts
    /// it again with the same settings on the same port — the address every other service was given for it — then
    /// returns the new process once it is healthy. The stack's lists name the new process from then on.
    /// </summary>
    public async Task<ServiceProcess> RestartAsync(ServiceProcess service, CancellationToken cancellationToken = default)
    {
        ServiceProcessOptions launch;
        lock (_all)
        {
            launch = _launches[service];
        }

        service.Kill();
        await service.DisposeAsync();
        var restarted = await ServiceProcess.StartAsync(launch, cancellationToken);
        lock (_all)
        {
            _all[_all.IndexOf(service)] = restarted;
            _launches.Remove(service);
            _launches[restarted] = launch;
            ChatApis = Replace(ChatApis, service, restarted);
            Executors = Replace(Executors, service, restarted);
            Usage = Usage == service ? restarted : Usage;
            Billing = Billing == service ? restarted : Billing;
            Gateway = Gateway == service ? restarted : Gateway;
        }

        return restarted;
    }

    private static ServiceProcess[] Replace(IReadOnlyList<ServiceProcess> services, ServiceProcess old, ServiceProcess replacement) =>
        [.. services.Select(service => service == old ? replacement : service)];

    /// <summary>
    /// Starts the projects the AppHost declares, each after the projects it waits for there and with the variables it
    /// is given there; only the values are the stack's own (its servers, test keys, fresh ports).
    /// </summary>
    private async Task StartServicesAsync(CopilotStackOptions options)
    {
        var projects = (await AppHostModel.GetProjectsAsync()).Where(project => Runs(options, project.Name)).ToList();
        if (options.WithBilling)
        {
            BillingDatabase = await Infrastructure.CreateDatabaseAsync("billing");
        }

        while (_replicas.Count < projects.Count)
        {
            var ready = projects
                .Where(project => !_replicas.ContainsKey(project.Name)
                    && project.WaitsFor.All(other => _replicas.ContainsKey(other) || projects.All(candidate => candidate.Name != other)))
                .ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The AppHost's projects wait for each other in a cycle.");
            }

            var started = await Task.WhenAll(ready.Select(project => StartReplicasAsync(options, project)));
            foreach (var (project, replicas) in ready.Zip(started))
            {
                _replicas[project.Name] = replicas;
            }
        }

        LlmSim = Replicas(LlmSimName).Single();
        Usage = Replicas(UsageName).SingleOrDefault();
        ChatApis = Replicas(ChatApiName);
        Executors = Replicas(ExecutorName);
        Billing = Replicas(BillingName).SingleOrDefault();
        Gateway = Replicas(GatewayName).SingleOrDefault();
    }

    private IReadOnlyList<ServiceProcess> Replicas(string project) => _replicas.GetValueOrDefault(project, []);

    /// <summary>A project the AppHost gained must be placed here, in a stack or out of it, by a person.</summary>
    private static bool Runs(CopilotStackOptions options, string project) => project switch
    {
        LlmSimName or ChatApiName or ExecutorName => true,
        UsageName => options.WithUsage,
        BillingName => options.WithBilling,
        GatewayName => options.WithGateway,
        _ => throw new NotSupportedException($"The AppHost declares {project}; CopilotStack does not know whether a test stack runs it."),
    };

    private static int ReplicaCount(CopilotStackOptions options, string project) => project switch
    {
        ChatApiName => options.ChatApiReplicas,
        ExecutorName => options.ExecutorReplicas,
        _ => 1,
    };

    /// <summary>The first replica starts alone: a service migrates its database as it starts.</summary>
    private async Task<IReadOnlyList<ServiceProcess>> StartReplicasAsync(CopilotStackOptions options, DeclaredProject project)
    {
        var first = await StartReplicaAsync(options, project, 0);
        var others = await Task.WhenAll(Enumerable.Range(1, ReplicaCount(options, project.Name) - 1)
            .Select(replica => StartReplicaAsync(options, project, replica)));
        return [first, .. others];
    }

    private async Task<ServiceProcess> StartReplicaAsync(CopilotStackOptions options, DeclaredProject project, int replica)
    {
        var name = project.Name is ChatApiName or ExecutorName ? $"{project.Name}-{replica}" : project.Name;
        var processOptions = new ServiceProcessOptions(project.ProjectPath)
        {
            Name = name,
            Output = options.Output,
            Port = project.Name == GatewayName ? options.GatewayPort : null,
        };
        foreach (var (key, value) in EnvironmentOf(project).Concat(TimingSettings).Concat(options.Environment))
        {
            processOptions.Environment[key] = value;
        }

        var service = await ServiceProcess.StartAsync(processOptions);
        lock (_all)
        {
            _all.Add(service);
            _launches[service] = processOptions;
        }

        // A restart comes back where the other services were told to find it.
        processOptions.Port = service.BaseAddress.Port;

        return service;
    }

    private Dictionary<string, string> EnvironmentOf(DeclaredProject project)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var (key, declared) in project.Settings.Where(setting => !LauncherSettings.Contains(setting.Key)))
        {
            if (TestSettings.TryGetValue(key, out var value) || !declared.Contains('{'))
            {
                variables[key] = value ?? declared;
            }
            else
            {
                unknown.Add($"{key} = {declared}");
            }
        }

        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"The AppHost gives {project.Name} {string.Join(", ", unknown)}; CopilotStack has no value for these.");
        }

        foreach (var connection in project.Connections)
        {
            variables[$"ConnectionStrings__{connection}"] = ConnectionString(connection);
        }

        foreach (var reference in project.ServiceReferences)
        {
            var replicas = Replicas(reference);
            for (var i = 0; i < replicas.Count; i++)
            {
                variables[$"services__{reference}__http__{i}"] = replicas[i].BaseAddress.ToString().TrimEnd('/');
            }
        }

        return variables;
    }

    private string ConnectionString(string connection) => connection switch
    {
        "redis" => Infrastructure.RedisConnectionString,
        "rabbitmq" => RabbitMq,
        "chat" => ChatDatabase,
        "billing" => BillingDatabase ?? throw new InvalidOperationException("Billing's database exists only in a stack with billing."),
        _ => throw new NotSupportedException($"The AppHost gives a project the connection {connection}; CopilotStack has no server for it."),
    };

    /// <summary>Where a replica listens is the process launcher's choice (a free port), not the model's.</summary>
    private static readonly HashSet<string> LauncherSettings = new(StringComparer.Ordinal) { "ASPNETCORE_URLS" };

    /// <summary>The AppHost's per-run secrets and token settings, replaced by the ones tests mint tokens with.</summary>
    private static readonly Dictionary<string, string> TestSettings = new(StringComparer.Ordinal)
    {
        ["Jwt__SigningKey"] = TestTokens.SigningKey,
        ["Jwt__Issuer"] = TestTokens.Issuer,
        ["Jwt__Audience"] = TestTokens.Audience,
        ["Internal__ApiKey"] = InternalApiKey,
    };

    /// <summary>Tests drive timing through simulator markers; the defaults only need to be quick.</summary>
    private static readonly Dictionary<string, string> TimingSettings = new(StringComparer.Ordinal)
    {
        ["LlmSim__TimeToFirstTokenMs"] = "20",
        ["LlmSim__InterTokenDelayMs"] = "5",
    };

    public async ValueTask DisposeAsync()
    {
        ServiceProcess[] services;
        lock (_all)
        {
            services = [.. _all];
        }

        await Task.WhenAll(services.Select(async service => await service.DisposeAsync()));
    }
}
