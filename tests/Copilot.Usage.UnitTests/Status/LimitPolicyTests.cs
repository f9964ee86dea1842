using Copilot.Contracts;
using Copilot.Usage.Limits;

namespace Copilot.Usage.UnitTests.Status;

public sealed class LimitPolicyTests
{
    private static readonly UsageOptions Base = new() { DailyCostLimitMicrodollars = 2_500_000, WeeklyCostLimitMicrodollars = 12_500_000 };

    [Theory]
    [InlineData(SubscriptionTier.Free, 2_500_000)]
    [InlineData(SubscriptionTier.Pro, 12_500_000)]
    [InlineData(SubscriptionTier.Business, 50_000_000)]
    [InlineData(SubscriptionTier.Enterprise, 150_000_000)]
    public void Tiers_multiply_the_base_limits(SubscriptionTier tier, long daily)
    {
        var limits = LimitPolicy.Resolve(Base, tier, LimitOverrides.None);

        limits.Daily.Should().Be(daily);
        limits.Weekly.Should().Be(daily * 5);
    }

    [Fact]
    public void An_admin_override_replaces_the_scaled_limit_per_window()
    {
        var limits = LimitPolicy.Resolve(Base, SubscriptionTier.Pro, new LimitOverrides(7, null));

        limits.Daily.Should().Be(7);
        limits.Weekly.Should().Be(62_500_000);
    }

    [Fact]
    public void Both_base_limits_zero_turn_limiting_off_overrides_included()
    {
        var off = new UsageOptions { DailyCostLimitMicrodollars = 0, WeeklyCostLimitMicrodollars = 0 };

        var limits = LimitPolicy.Resolve(off, SubscriptionTier.Free, new LimitOverrides(100, 100));

        limits.Should().Be(new EffectiveLimits(0, 0, SubscriptionTier.Free));
    }
}
