using Copilot.Contracts;
using Copilot.Testing;
using Copilot.Usage.IntegrationTests.Support;

namespace Copilot.Usage.IntegrationTests;

/// <summary>Costs published by executors (<c>LlmUsageRecorded</c>) land in the daily and weekly counters exactly once.</summary>
[Collection(UsageCollection.Name)]
public sealed class MeteringTests(UsageFixture fixture)
{
    /// <summary>
    /// A message that must change nothing leaves no trace to wait for, and the service consumes messages concurrently:
    /// once the expected charge is seen, the counter is watched this long for a wrong one.
    /// </summary>
    private static readonly TimeSpan NoMoreArrives = TimeSpan.FromMilliseconds(300);

    private static LlmUsageRecorded Usage(string userId, long cost, Guid? turnId = null) =>
        new(Guid.NewGuid(), userId, Guid.NewGuid(), turnId ?? Guid.NewGuid(), "anthropic/claude-sonnet-4-6",
            new TokenUsage(100, 20, 0, 0), cost, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_recorded_cost_increments_both_counters_with_ttls_to_the_window_ends()
    {
        var userId = UsageFixture.NewUserId();

        await fixture.Bus.Publish(Usage(userId, 123_456));

        await Eventually.TrueAsync(async () => await fixture.GetLongAsync(UsageFixture.DailyKey(userId)) == 123_456, UsageFixture.Patience, "the daily counter is charged");
        (await fixture.GetLongAsync(UsageFixture.WeeklyKey(userId))).Should().Be(123_456);
        var now = DateTime.UtcNow;
        var untilMidnight = now.Date.AddDays(1) - now;
        var untilMonday = now.Date.AddDays(7 - ((int)now.DayOfWeek + 6) % 7) - now;
        var dailyTtl = await fixture.Db.KeyTimeToLiveAsync(UsageFixture.DailyKey(userId));
        var weeklyTtl = await fixture.Db.KeyTimeToLiveAsync(UsageFixture.WeeklyKey(userId));
        dailyTtl.Should().BePositive().And.BeLessThanOrEqualTo(untilMidnight + TimeSpan.FromSeconds(2));
        weeklyTtl.Should().BePositive().And.BeLessThanOrEqualTo(untilMonday + TimeSpan.FromSeconds(2));
        weeklyTtl.Should().BeGreaterThanOrEqualTo(dailyTtl!.Value - TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_redelivered_usage_is_counted_once()
    {
        var userId = UsageFixture.NewUserId();
        var usage = Usage(userId, 40_000);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fixture.Bus.Publish(usage)));
        await fixture.Bus.Publish(Usage(userId, 2));

        await Eventually.TrueAsync(async () => await fixture.GetLongAsync(UsageFixture.DailyKey(userId)) >= 40_002, UsageFixture.Patience, "both usages are counted");
        await Consistently.HoldsAsync(async () => (await fixture.GetLongAsync(UsageFixture.DailyKey(userId))).Should().Be(40_002, "no redelivery is counted again"),
            NoMoreArrives);
        (await fixture.GetLongAsync(UsageFixture.WeeklyKey(userId))).Should().Be(40_002);
        var markerTtl = await fixture.Db.KeyTimeToLiveAsync($"copilot:cost:seen:{usage.UsageId:N}");
        markerTtl.Should().BeGreaterThan(TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task Zero_and_negative_costs_and_anonymous_users_are_never_charged()
    {
        var userId = UsageFixture.NewUserId();

        await fixture.Bus.Publish(Usage(userId, 0));
        await fixture.Bus.Publish(Usage(userId, -10));
        await fixture.Bus.Publish(Usage("", 5_000));
        await fixture.Bus.Publish(Usage(userId, 7));

        await Eventually.TrueAsync(async () => await fixture.GetLongAsync(UsageFixture.DailyKey(userId)) > 0, UsageFixture.Patience, "the priced usage is counted");
        await Consistently.HoldsAsync(async () => (await fixture.GetLongAsync(UsageFixture.DailyKey(userId))).Should().Be(7, "nothing else is charged"),
            NoMoreArrives);
        (await fixture.Db.KeyExistsAsync(UsageFixture.DailyKey(""))).Should().BeFalse();
    }

    [Fact]
    public async Task A_tier_change_from_billing_rescales_the_limits_and_stale_changes_are_ignored()
    {
        var userId = UsageFixture.NewUserId();
        using var admin = fixture.AdminClient();
        var now = DateTimeOffset.UtcNow;

        await fixture.Bus.Publish(new SubscriptionTierChanged(userId, SubscriptionTier.Pro, now));
        await Eventually.TrueAsync(async () => (string?)await fixture.Db.HashGetAsync($"copilot:tier:{userId}", "tier") == "PRO", UsageFixture.Patience, "the tier is stored");
        await fixture.Bus.Publish(new SubscriptionTierChanged(userId, SubscriptionTier.Business, now.AddMinutes(-5)));
        await fixture.Bus.Publish(new SubscriptionTierChanged(userId, SubscriptionTier.Enterprise, now.AddMinutes(1)));
        await Eventually.TrueAsync(async () => (string?)await fixture.Db.HashGetAsync($"copilot:tier:{userId}", "tier") == "ENTERPRISE", UsageFixture.Patience, "the newest tier wins");

        var limits = await AdminApiTests.GetRateLimitAsync(admin, $"user_id={userId}");
        limits.GetProperty("daily_cost_limit_microdollars").GetInt64().Should().Be(60 * UsageFixture.DailyLimit);
        limits.GetProperty("weekly_cost_limit_microdollars").GetInt64().Should().Be(60 * UsageFixture.WeeklyLimit);
        limits.GetProperty("tier").GetString().Should().Be("ENTERPRISE");
    }
}
