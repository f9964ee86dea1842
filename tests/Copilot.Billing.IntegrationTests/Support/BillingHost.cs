using Copilot.FakeStripe;
using Copilot.Testing;
using Npgsql;

namespace Copilot.Billing.IntegrationTests.Support;

/// <summary>How one billing process is configured (each gets its own database and RabbitMQ virtual host).</summary>
public sealed record BillingConfiguration(
    string Name,
    bool PaymentEnabled = true,
    string WebhookSecret = BillingHost.DefaultWebhookSecret,
    string? FrontendBaseUrl = BillingHost.FrontendOrigin,
    string? ProPriceId = null,
    string? BusinessPriceId = null);

/// <summary>The billing service as a real process against the shared PostgreSQL and RabbitMQ and a fake Stripe.</summary>
public sealed class BillingHost : IAsyncDisposable
{
    public const string DefaultWebhookSecret = "whsec_billing_integration_tests";
    public const string FrontendOrigin = "https://app.copilot.test";

    /// <summary>How long billing may take to act on a message or webhook.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private BillingHost(ServiceProcess process, BillingConfiguration configuration, string database, string rabbitMq, FakeStripeServer stripe)
    {
        Process = process;
        Configuration = configuration;
        Database = database;
        RabbitMq = rabbitMq;
        Webhooks = new StripeWebhookSender(new HttpClient(), new Uri(process.BaseAddress, "api/credits/stripe_webhook"), configuration.WebhookSecret);
        Stripe = stripe;
    }

    public ServiceProcess Process { get; }

    public BillingConfiguration Configuration { get; }

    public string Database { get; }

    public string RabbitMq { get; }

    public FakeStripeServer Stripe { get; }

    /// <summary>Signs with the secret this billing process verifies with.</summary>
    public StripeWebhookSender Webhooks { get; }

    public static async Task<BillingHost> StartAsync(BillingConfiguration configuration, FakeStripeServer stripe)
    {
        var infrastructure = await SharedInfrastructure.GetAsync();
        var database = await infrastructure.CreateDatabaseAsync($"billing_{configuration.Name}");
        var rabbitMq = await infrastructure.CreateVirtualHostAsync($"billing-{configuration.Name}");
        var options = new ServiceProcessOptions("services/Copilot.Billing") { Name = $"billing-{configuration.Name}", Output = LogFileWriter() };
        foreach (var (key, value) in new Dictionary<string, string?>
                 {
                     ["ConnectionStrings__billing"] = database,
                     ["ConnectionStrings__rabbitmq"] = rabbitMq,
                     ["Jwt__SigningKey"] = TestTokens.SigningKey,
                     ["Jwt__Issuer"] = TestTokens.Issuer,
                     ["Jwt__Audience"] = TestTokens.Audience,
                     ["Internal__ApiKey"] = CopilotStack.InternalApiKey,
                     ["Billing__StripeSecretKey"] = FakeStripeServer.ApiKey,
                     ["Billing__StripeApiBase"] = stripe.BaseAddress.ToString(),
                     ["Billing__StripeWebhookSecret"] = configuration.WebhookSecret,
                     ["Billing__EnablePlatformPayment"] = configuration.PaymentEnabled ? "true" : "false",
                     ["Billing__FrontendBaseUrl"] = configuration.FrontendBaseUrl ?? "",
                     ["Billing__ProPriceId"] = configuration.ProPriceId ?? "",
                     ["Billing__BusinessPriceId"] = configuration.BusinessPriceId ?? "",
                 })
        {
            options.Environment[key] = value ?? "";
        }

        var process = await ServiceProcess.StartAsync(options);
        return new BillingHost(process, configuration, database, rabbitMq, stripe);
    }

    /// <summary>With <c>BILLING_TESTS_LOG=&lt;file&gt;</c>, every billing process's output is appended there (for debugging a run).</summary>
    private static Action<string>? LogFileWriter()
    {
        if (Environment.GetEnvironmentVariable("BILLING_TESTS_LOG") is not { Length: > 0 } path)
        {
            return null;
        }

        var gate = new object();
        return line =>
        {
            lock (gate)
            {
                File.AppendAllText(path, line + Environment.NewLine);
            }
        };
    }

    public HttpClient CreateClient(string userId, params string[] roles) => CopilotStack.CreateClient(Process.BaseAddress, userId, roles);

    public HttpClient CreateClientWithEmail(string userId, string email) => BillingTokens.CreateClient(Process.BaseAddress, userId, email);

    public HttpClient CreateAnonymousClient() => new() { BaseAddress = Process.BaseAddress };

    /// <summary>Waits until billing's worker has processed every event in <paramref name="eventIds"/> (read from its database).</summary>
    public async Task WaitUntilProcessedAsync(IReadOnlyCollection<string> eventIds)
    {
        if (eventIds.Count == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await Eventually.TrueAsync(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM stripe_events WHERE id = ANY(@ids) AND processed_at IS NOT NULL", connection);
            command.Parameters.AddWithValue("ids", eventIds.Distinct().ToArray());
            return (long)(await command.ExecuteScalarAsync())! == eventIds.Distinct().Count();
        }, Patience, $"{eventIds.Count} webhook events to be processed");
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
