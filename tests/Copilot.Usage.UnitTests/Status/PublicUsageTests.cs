using System.Text.Json;
using System.Text.Json.Serialization;
using Copilot.Contracts;
using Copilot.Usage.Status;

namespace Copilot.Usage.UnitTests.Status;

public sealed class PublicUsageTests
{
    private static readonly DateTimeOffset ResetsAt = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData(500, 10_000, 5.0)]
    [InlineData(2_000, 50_000, 4.0)]
    [InlineData(1, 3, 33.3)]
    [InlineData(0, 1_000_000, 0.0)]
    [InlineData(1_000_000, 1_000_000, 100.0)] // at the cap counts as exhausted
    [InlineData(1_700_000, 1_000_000, 100.0)]
    [InlineData(999_600, 1_000_000, 99.9)] // would round to 100.0 while still under the cap
    [InlineData(123_450, 1_000_000, 12.3)]
    public void Percent_is_exactly_100_at_the_cap_and_one_decimal_below(long used, long limit, double expected) =>
        PublicUsage.PercentUsed(used, limit).Should().Be(expected);

    [Fact]
    public void An_uncapped_window_is_null()
    {
        var usage = PublicUsage.From(new UsageStatus(new UsageWindow(5, 0, ResetsAt), new UsageWindow(5, 100, ResetsAt), SubscriptionTier.Pro, 500));

        usage.Daily.Should().BeNull();
        usage.Weekly!.PercentUsed.Should().Be(5.0);
        usage.Tier.Should().Be(SubscriptionTier.Pro);
        usage.ResetCost.Should().Be(500);
    }

    [Fact]
    public void The_public_json_has_no_raw_used_or_limit()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
        };
        var usage = PublicUsage.From(new UsageStatus(new UsageWindow(500, 10_000, ResetsAt), new UsageWindow(2_000, 50_000, ResetsAt), SubscriptionTier.Free, 500));

        var json = JsonDocument.Parse(JsonSerializer.Serialize(usage, options)).RootElement;

        json.GetProperty("daily").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("percent_used", "resets_at");
        json.GetProperty("weekly").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("percent_used", "resets_at");
        json.GetProperty("tier").GetString().Should().Be("FREE");
        json.GetProperty("reset_cost").GetInt32().Should().Be(500);
    }
}
