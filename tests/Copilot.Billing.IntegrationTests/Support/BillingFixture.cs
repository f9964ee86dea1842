using Copilot.FakeStripe;
using MassTransit;

namespace Copilot.Billing.IntegrationTests.Support;

/// <summary>
/// One fake Stripe, one billing process (payment enabled, webhook secret, frontend origin, PRO and BUSINESS prices)
/// and a bus on its virtual host for request clients and the published tier changes. Tests isolate by user id.
/// </summary>
public sealed class BillingFixture : IAsyncLifetime
{
    public const long ProCents = 2000;
    public const long BusinessCents = 5000;

    public FakeStripeServer Stripe { get; private set; } = null!;

    public BillingHost Billing { get; private set; } = null!;

    public IBusControl Bus { get; private set; } = null!;

    private readonly List<IAsyncDisposable> _started = [];

    public TierChangeRecorder TierChanges { get; } = new();

    public string ProPriceId { get; private set; } = "";

    public string BusinessPriceId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripeServer.StartAsync();
        _started.Add(Stripe);
        ProPriceId = Stripe.State.AddPrice(ProCents).Id;
        BusinessPriceId = Stripe.State.AddPrice(BusinessCents).Id;
        Billing = await BillingHost.StartAsync(new BillingConfiguration("main", ProPriceId: ProPriceId, BusinessPriceId: BusinessPriceId), Stripe);
        _started.Add(Billing);
        Bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(Billing.RabbitMq));
            rabbit.ReceiveEndpoint($"billing-tests-tier-changes-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Instance(TierChanges);
            });
        });
        await Bus.StartAsync();
        _started.Add(new AsyncDisposable(() => Bus.StopAsync()));
    }

    public BillingUser NewUser(string? email = null) => new(this, Billing, $"user-{Guid.NewGuid():N}", email);

    /// <summary>Stops what started, newest first (a failed start leaves the rest to stop).</summary>
    public async Task DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BillingCollection : ICollectionFixture<BillingFixture>
{
    public const string Name = "billing";
}
