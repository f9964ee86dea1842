using Copilot.Billing;
using Copilot.Billing.StripeIntegration;
using Copilot.Billing.Subscriptions;
using Copilot.Contracts;
using Microsoft.Extensions.Options;
using Stripe;

namespace Copilot.Billing.UnitTests;

public sealed class SubscriptionFactsTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly PriceCatalog Catalog = new(new StaticOptions(new BillingOptions { ProPriceId = "price_pro", BusinessPriceId = "price_business" }));

    [Fact]
    public void The_next_schedule_phase_is_the_pending_tier_from_its_start()
    {
        var schedule = Schedule("active", ("price_business", Now.AddDays(-10)), ("price_pro", Now.AddDays(20)));

        var pending = SubscriptionFacts.FromSchedule(schedule, Catalog, Now, _ => { });

        pending.Should().Be(new PendingChange(SubscriptionTier.Pro, Now.AddDays(20)));
    }

    [Theory]
    [InlineData("released")]
    [InlineData("completed")]
    [InlineData("canceled")]
    public void A_finished_schedule_has_nothing_pending(string status) =>
        SubscriptionFacts.FromSchedule(Schedule(status, ("price_business", Now.AddDays(-10)), ("price_pro", Now.AddDays(20))), Catalog, Now, _ => { })
            .Should().BeNull();

    [Fact]
    public void An_unknown_next_price_is_reported_and_not_guessed()
    {
        var unknown = new List<string>();

        var pending = SubscriptionFacts.FromSchedule(Schedule("active", ("price_pro", Now.AddDays(-1)), ("price_other", Now.AddDays(5))), Catalog, Now,
            unknown.Add);

        pending.Should().BeNull();
        unknown.Should().Equal("price_other");
    }

    [Fact]
    public void Cancel_at_period_end_is_a_pending_free_tier_at_the_period_end()
    {
        var subscription = Subscription(cancelAtPeriodEnd: true);

        SubscriptionFacts.FromCancellation(subscription).Should().Be(new PendingChange(SubscriptionTier.Free, Now.AddDays(20)));
    }

    [Theory]
    [InlineData("active", true)]
    [InlineData("trialing", true)]
    [InlineData("past_due", false)]
    [InlineData("unpaid", false)]
    [InlineData("canceled", false)]
    [InlineData("incomplete", false)]
    public void Only_active_and_trialing_subscriptions_give_access(string status, bool access)
    {
        var subscription = Subscription();
        subscription.Status = status;
        SubscriptionFacts.GivesAccess(subscription).Should().Be(access);
    }

    [Theory]
    [InlineData(0, 2000)]
    [InlineData(15, 1000)]
    [InlineData(30, 0)]
    [InlineData(45, 0)]
    public void The_proration_credit_is_the_unused_share_of_the_period(int daysElapsed, long expected)
    {
        var start = Now.AddDays(-daysElapsed);

        SubscriptionFacts.ProrationCreditCents(2000, start, start.AddDays(30), Now).Should().Be(expected);
    }

    [Fact]
    public void There_is_no_proration_credit_without_a_cost_or_a_period()
    {
        SubscriptionFacts.ProrationCreditCents(0, Now, Now.AddDays(30), Now).Should().Be(0);
        SubscriptionFacts.ProrationCreditCents(2000, null, null, Now).Should().Be(0);
    }

    [Theory]
    [InlineData("FREE", SubscriptionTier.Free)]
    [InlineData("ENTERPRISE", SubscriptionTier.Enterprise)]
    public void Tier_names_round_trip(string wire, SubscriptionTier tier)
    {
        TierNames.TryParse(wire, out var parsed).Should().BeTrue();
        parsed.Should().Be(tier);
        TierNames.ToWire(tier).Should().Be(wire);
    }

    [Fact]
    public void Tier_names_are_exact_and_upgrades_follow_the_tier_order()
    {
        TierNames.TryParse("pro", out _).Should().BeFalse();
        TierRules.IsUpgrade(SubscriptionTier.Pro, SubscriptionTier.Business).Should().BeTrue();
        TierRules.IsUpgrade(SubscriptionTier.Business, SubscriptionTier.Pro).Should().BeFalse();
    }

    private static SubscriptionSchedule Schedule(string status, params (string Price, DateTimeOffset Start)[] phases) => new()
    {
        Status = status,
        Phases = phases.Select((p, i) => new SubscriptionSchedulePhase
        {
            StartDate = p.Start.UtcDateTime,
            EndDate = (i + 1 < phases.Length ? phases[i + 1].Start : p.Start.AddDays(30)).UtcDateTime,
            Items = [new SubscriptionSchedulePhaseItem { PriceId = p.Price }],
        }).ToList(),
    };

    private static Subscription Subscription(bool cancelAtPeriodEnd = false) => new()
    {
        Status = "active",
        CancelAtPeriodEnd = cancelAtPeriodEnd,
        Items = new StripeList<SubscriptionItem>
        {
            Data = [new SubscriptionItem { Price = new Price { Id = "price_pro" }, CurrentPeriodStart = Now.AddDays(-10).UtcDateTime, CurrentPeriodEnd = Now.AddDays(20).UtcDateTime }],
        },
    };

    private sealed class StaticOptions(BillingOptions value) : IOptionsMonitor<BillingOptions>
    {
        public BillingOptions CurrentValue => value;

        public BillingOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<BillingOptions, string?> listener) => null;
    }
}
