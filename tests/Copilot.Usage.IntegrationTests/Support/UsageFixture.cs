using System.Globalization;
using Copilot.Testing;
using MassTransit;
using StackExchange.Redis;

namespace Copilot.Usage.IntegrationTests.Support;

/// <summary>
/// One usage process on the run's real Redis and RabbitMQ (its own virtual host), with a stand-in billing on the same
/// virtual host and a test bus to publish what executors and billing publish. Tests isolate themselves by user id.
/// </summary>
public sealed class UsageFixture : IAsyncLifetime
{
    public const long DailyLimit = 1_000_000;
    public const long WeeklyLimit = 5_000_000;
    public const long TurnEstimate = 100_000;
    public const int ResetCostCents = 500;
    public const int MaxDailyResets = 5;
    private const string InternalApiKey = "usage-tests-internal-key";

    /// <summary>How long the service may take to consume a message.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public ServiceProcess Usage { get; private set; } = null!;

    public IBusControl Bus { get; private set; } = null!;

    public FakeBillingState Billing { get; } = new();

    public IConnectionMultiplexer Redis { get; private set; } = null!;

    public IDatabase Db => Redis.GetDatabase();

    public async Task InitializeAsync()
    {
        var infrastructure = await SharedInfrastructure.GetAsync();
        var rabbitMq = await infrastructure.CreateVirtualHostAsync("usage-tests");
        Redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(rabbitMq));
            rabbit.ReceiveEndpoint("test-fake-billing", endpoint => endpoint.Consumer(() => new FakeBillingConsumer(Billing)));
        });
        var options = new ServiceProcessOptions("services/Copilot.Usage")
        {
            Name = "usage",
            Environment =
            {
                ["ConnectionStrings__redis"] = infrastructure.RedisConnectionString,
                ["ConnectionStrings__rabbitmq"] = rabbitMq,
                ["Jwt__SigningKey"] = TestTokens.SigningKey,
                ["Jwt__Issuer"] = TestTokens.Issuer,
                ["Jwt__Audience"] = TestTokens.Audience,
                ["Internal__ApiKey"] = InternalApiKey,
                ["Usage__DailyCostLimitMicrodollars"] = DailyLimit.ToString(CultureInfo.InvariantCulture),
                ["Usage__WeeklyCostLimitMicrodollars"] = WeeklyLimit.ToString(CultureInfo.InvariantCulture),
                ["Usage__DefaultTurnEstimateMicrodollars"] = TurnEstimate.ToString(CultureInfo.InvariantCulture),
                ["Usage__RateLimitResetCostCents"] = ResetCostCents.ToString(CultureInfo.InvariantCulture),
                ["Usage__MaxDailyResets"] = MaxDailyResets.ToString(CultureInfo.InvariantCulture),
                ["Usage__EnableCredit"] = "true",
                // The stand-in answers at once; a short wait keeps the "billing never answers" tests quick.
                ["Usage__BillingTimeout"] = "00:00:03",
            },
        };
        var started = Bus.StartAsync();
        Usage = await ServiceProcess.StartAsync(options);
        await started;
    }

    public async Task DisposeAsync()
    {
        await Usage.DisposeAsync();
        await Bus.StopAsync();
        await Redis.DisposeAsync();
    }

    public static string NewUserId() => $"usage-{Guid.NewGuid():N}";

    public HttpClient UserClient(string userId, params string[] roles) => CopilotStack.CreateClient(Usage.BaseAddress, userId, roles);

    public HttpClient AdminClient() => UserClient(NewUserId(), "admin");

    public HttpClient InternalClient()
    {
        var client = new HttpClient { BaseAddress = Usage.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Internal-Api-Key", InternalApiKey);
        return client;
    }

    public static string DailyKey(string userId) =>
        $"copilot:cost:daily:{userId}:{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string WeeklyKey(string userId) =>
        string.Create(CultureInfo.InvariantCulture, $"copilot:cost:weekly:{userId}:{ISOWeek.GetYear(DateTime.UtcNow)}-W{ISOWeek.GetWeekOfYear(DateTime.UtcNow):00}");

    public static string ReservedKey(string userId) => $"copilot:cost:reserved:{userId}";

    /// <summary>Sets the user's spend directly, as if earlier turns had been metered.</summary>
    public async Task SetUsedAsync(string userId, long daily, long weekly)
    {
        await Db.StringSetAsync(DailyKey(userId), daily, TimeSpan.FromHours(25));
        await Db.StringSetAsync(WeeklyKey(userId), weekly, TimeSpan.FromDays(8));
    }

    public async Task<long> GetLongAsync(string key) => (long?)await Db.StringGetAsync(key) ?? 0;

}

[CollectionDefinition(Name)]
public sealed class UsageCollection : ICollectionFixture<UsageFixture>
{
    public const string Name = "usage service";
}
