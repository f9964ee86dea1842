using System.Net.Http.Headers;

namespace Copilot.Testing;

/// <summary>Which services a test stack runs.</summary>
public sealed class CopilotStackOptions
{
    public int ChatApiReplicas { get; set; } = 1;

    public int ExecutorReplicas { get; set; } = 1;

    public bool WithGateway { get; set; }

    /// <summary>Without usage, every admission and round check fails open (as it does when usage is down).</summary>
    public bool WithUsage { get; set; } = true;

    /// <summary>Billing (own database, payments off) for credits and tiers; routed by the gateway when both run.</summary>
    public bool WithBilling { get; set; }

    /// <summary>Extra configuration for every service (e.g. <c>Executor__LockLease</c>).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public Action<string>? Output { get; set; }

    /// <summary>Servers to run on instead of the run's shared ones, e.g. a <see cref="RestartableInfrastructure"/>'s.</summary>
    public SharedInfrastructure? Infrastructure { get; set; }
}

/// <summary>
/// The platform's services as real processes on the run's shared infrastructure, isolated in their own database and
/// RabbitMQ virtual host: the LLM simulator, usage, chat-api, executors and optionally the gateway.
/// </summary>
public sealed class CopilotStack : IAsyncDisposable
{
    public const string InternalApiKey = "test-internal-key";

    private readonly List<ServiceProcess> _all = [];

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
        var executor = await StartAsync(options, "services/Copilot.Executor", $"copilot-executor-{replica}",
            Services(("llm-sim", [LlmSim]), ("usage", Usage is null ? [] : [Usage])));
        Executors = [.. Executors, executor];
        return executor;
    }

    private async Task StartServicesAsync(CopilotStackOptions options)
    {
        var simulator = StartAsync(options, "tools/Copilot.LlmSim", "llm-sim", []);
        Task<ServiceProcess>? usage = options.WithUsage ? StartAsync(options, "services/Copilot.Usage", "usage", []) : null;
        LlmSim = await simulator;
        Usage = usage is null ? null : await usage;
        IReadOnlyList<ServiceProcess> usageReplicas = Usage is null ? [] : [Usage];

        // The first chat-api migrates the database; the rest start once the schema exists.
        var first = await StartAsync(options, "services/Copilot.ChatApi", "chat-api-0", Services(("usage", usageReplicas)));
        var others = Enumerable.Range(1, options.ChatApiReplicas - 1)
            .Select(i => StartAsync(options, "services/Copilot.ChatApi", $"chat-api-{i}", Services(("usage", usageReplicas))));
        var executors = Enumerable.Range(0, options.ExecutorReplicas)
            .Select(i => StartAsync(options, "services/Copilot.Executor", $"copilot-executor-{i}", Services(("llm-sim", [LlmSim]), ("usage", usageReplicas))));
        var rest = await Task.WhenAll(others.Concat(executors));
        ChatApis = [first, .. rest.Take(options.ChatApiReplicas - 1)];
        Executors = [.. rest.Skip(options.ChatApiReplicas - 1)];

        if (options.WithBilling)
        {
            BillingDatabase = await Infrastructure.CreateDatabaseAsync("billing");
            Billing = await StartAsync(options, "services/Copilot.Billing", "billing",
                new Dictionary<string, string> { ["ConnectionStrings__billing"] = BillingDatabase });
        }

        if (options.WithGateway)
        {
            IReadOnlyList<ServiceProcess> billingReplicas = Billing is null ? [] : [Billing];
            Gateway = await StartAsync(options, "gateway/Copilot.Gateway", "gateway",
                Services(("chat-api", ChatApis), ("usage", usageReplicas), ("billing", billingReplicas)));
        }
    }

    private static Dictionary<string, string> Services(params (string Name, IReadOnlyList<ServiceProcess> Replicas)[] references)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, replicas) in references)
        {
            for (var i = 0; i < replicas.Count; i++)
            {
                variables[$"services__{name}__http__{i}"] = replicas[i].BaseAddress.ToString().TrimEnd('/');
            }
        }

        return variables;
    }

    private async Task<ServiceProcess> StartAsync(CopilotStackOptions options, string project, string name, Dictionary<string, string> references)
    {
        var processOptions = new ServiceProcessOptions(project) { Name = name, Output = options.Output };
        foreach (var (key, value) in CommonEnvironment().Concat(references).Concat(options.Environment))
        {
            processOptions.Environment[key] = value;
        }

        var service = await ServiceProcess.StartAsync(processOptions);
        lock (_all)
        {
            _all.Add(service);
        }

        return service;
    }

    private Dictionary<string, string> CommonEnvironment() => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__redis"] = Infrastructure.RedisConnectionString,
        ["ConnectionStrings__rabbitmq"] = RabbitMq,
        ["ConnectionStrings__chat"] = ChatDatabase,
        ["Jwt__SigningKey"] = TestTokens.SigningKey,
        ["Jwt__Issuer"] = TestTokens.Issuer,
        ["Jwt__Audience"] = TestTokens.Audience,
        ["Internal__ApiKey"] = InternalApiKey,
        // Tests drive timing through simulator markers; the defaults only need to be quick.
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
