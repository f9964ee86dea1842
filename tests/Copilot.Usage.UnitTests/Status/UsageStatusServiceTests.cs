using Copilot.Contracts;
using Copilot.Usage.Limits;
using Copilot.Usage.Redis;
using Copilot.Usage.UnitTests.Support;

namespace Copilot.Usage.UnitTests.Status;

public sealed class UsageStatusServiceTests
{
    private readonly Services _services = new();

    [Fact]
    public async Task Stored_counters_and_tier_give_raw_used_and_scaled_limits()
    {
        _services.Store.State = new UserUsageState(500, 3_000, SubscriptionTier.Pro, LimitOverrides.None);

        var status = await _services.Status().GetAsync("u1", CancellationToken.None);

        status.Daily.Used.Should().Be(500);
        status.Weekly.Used.Should().Be(3_000);
        status.Daily.Limit.Should().Be(50_000_000);
        status.Tier.Should().Be(SubscriptionTier.Pro);
        status.Daily.ResetsAt.Should().Be(DateTimeOffset.Parse("2026-04-23T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        status.Weekly.ResetsAt.Should().Be(DateTimeOffset.Parse("2026-04-27T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        status.ResetCostCents.Should().Be(500);
        _services.Billing.TierLookups.Should().Be(0);
    }

    [Fact]
    public async Task Redis_down_reads_as_unused_instead_of_failing()
    {
        _services.Store.ReadFails = true;

        var status = await _services.Status().GetAsync("u1", CancellationToken.None);

        status.Daily.Used.Should().Be(0);
        status.Weekly.Used.Should().Be(0);
    }

    [Fact]
    public async Task An_unknown_tier_is_asked_of_billing_and_cached()
    {
        _services.Billing.Tier = SubscriptionTier.Business;

        var status = await _services.Status().GetAsync("u1", CancellationToken.None);

        status.Tier.Should().Be(SubscriptionTier.Business);
        _services.Store.SavedTiers.Should().Equal(("u1", SubscriptionTier.Business));
    }

    [Fact]
    public async Task Billing_not_answering_means_free_and_nothing_cached()
    {
        var status = await _services.Status().GetAsync("u1", CancellationToken.None);

        status.Tier.Should().Be(SubscriptionTier.Free);
        _services.Store.SavedTiers.Should().BeEmpty();
    }

    [Fact]
    public async Task No_reset_price_is_advertised_when_credits_are_disabled()
    {
        _services.Options.EnableCredit = false;

        var status = await _services.Status().GetAsync("u1", CancellationToken.None);

        status.ResetCostCents.Should().Be(0);
    }
}
