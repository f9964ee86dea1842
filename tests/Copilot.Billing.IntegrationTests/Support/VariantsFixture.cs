using Copilot.FakeStripe;

namespace Copilot.Billing.IntegrationTests.Support;

/// <summary>
/// Billing processes whose configuration differs from the main one, for the branches only configuration reaches:
/// payment disabled (with no webhook secret), no frontend origin, and no BUSINESS price (with a PRO price no other
/// process has looked up, so its cache starts cold).
/// </summary>
public sealed class VariantsFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _started = [];

    public FakeStripeServer Stripe { get; private set; } = null!;

    public BillingHost PaymentDisabled { get; private set; } = null!;

    public BillingHost NoFrontendOrigin { get; private set; } = null!;

    public BillingHost MissingBusinessPrice { get; private set; } = null!;

    public string ColdProPriceId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripeServer.StartAsync();
        _started.Add(Stripe);
        var pro = Stripe.State.AddPrice(BillingFixture.ProCents).Id;
        var business = Stripe.State.AddPrice(BillingFixture.BusinessCents).Id;
        ColdProPriceId = Stripe.State.AddPrice(BillingFixture.ProCents).Id;
        var hosts = await Task.WhenAll(
            BillingHost.StartAsync(new BillingConfiguration("disabled", PaymentEnabled: false, WebhookSecret: "", ProPriceId: pro, BusinessPriceId: business), Stripe),
            BillingHost.StartAsync(new BillingConfiguration("noorigin", FrontendBaseUrl: null, ProPriceId: pro, BusinessPriceId: business), Stripe),
            BillingHost.StartAsync(new BillingConfiguration("noprice", ProPriceId: ColdProPriceId), Stripe));
        _started.AddRange(hosts);
        (PaymentDisabled, NoFrontendOrigin, MissingBusinessPrice) = (hosts[0], hosts[1], hosts[2]);
    }

    public BillingUser NewUser(BillingHost host) => new(null!, host, $"user-{Guid.NewGuid():N}");

    public async Task DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class VariantsCollection : ICollectionFixture<VariantsFixture>
{
    public const string Name = "billing variants";
}
