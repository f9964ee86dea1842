using System.Globalization;
using Copilot.Usage.Periods;
using Copilot.Usage.Redis;

namespace Copilot.Usage.UnitTests.Periods;

public sealed class UsageWindowsTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void Keys_follow_the_documented_formats()
    {
        var now = At("2026-04-22T10:00:00Z");

        UsageKeys.Daily("u1", now).ToString().Should().Be("copilot:cost:daily:u1:2026-04-22");
        UsageKeys.Weekly("u1", now).ToString().Should().Be("copilot:cost:weekly:u1:2026-W17");
        UsageKeys.ResetCount("u1", now).ToString().Should().Be("copilot:reset_count:u1:2026-04-22");
        UsageKeys.ResetLock("u1").ToString().Should().Be("copilot:reset_lock:u1");
    }

    [Theory]
    [InlineData("2027-01-01T12:00:00Z", "2026-W53")] // a Friday that still belongs to the previous ISO year
    [InlineData("2024-12-30T00:00:00Z", "2025-W01")] // a Monday that already belongs to the next ISO year
    [InlineData("2026-01-05T00:00:00Z", "2026-W02")]
    public void The_week_id_uses_the_iso_year_and_two_digit_week(string now, string expected) =>
        UsageWindows.WeekId(At(now)).Should().Be(expected);

    [Fact]
    public void The_day_is_the_utc_date_even_when_the_local_offset_says_otherwise() =>
        UsageWindows.DayId(At("2026-04-22T23:30:00-05:00")).Should().Be("2026-04-23");

    [Theory]
    [InlineData("2026-04-22T23:59:59Z", "2026-04-23T00:00:00Z")]
    [InlineData("2026-04-22T00:00:00Z", "2026-04-23T00:00:00Z")] // at midnight the day just started
    [InlineData("2026-04-22T12:34:56Z", "2026-04-23T00:00:00Z")]
    public void Daily_resets_at_the_next_utc_midnight(string now, string expected) =>
        UsageWindows.DailyResetAt(At(now)).Should().Be(At(expected));

    [Theory]
    [InlineData("2026-04-20T00:00:00Z", "2026-04-27T00:00:00Z")] // Monday midnight: next Monday, never "now"
    [InlineData("2026-04-20T09:00:00Z", "2026-04-27T00:00:00Z")]
    [InlineData("2026-04-26T23:59:59Z", "2026-04-27T00:00:00Z")] // Sunday night
    [InlineData("2026-04-22T12:00:00Z", "2026-04-27T00:00:00Z")]
    public void Weekly_resets_at_the_next_monday_utc(string now, string expected) =>
        UsageWindows.WeeklyResetAt(At(now)).Should().Be(At(expected));

    [Theory]
    [InlineData("2026-04-20T00:00:00Z")]
    [InlineData("2026-04-26T23:59:59.999Z")]
    [InlineData("2026-12-31T23:00:00Z")]
    public void Reset_times_are_in_the_future_within_their_window(string iso)
    {
        var now = At(iso);

        (UsageWindows.DailyResetAt(now) - now).Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromDays(1));
        (UsageWindows.WeeklyResetAt(now) - now).Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromDays(7));
    }

    [Fact]
    public void Counter_ttls_run_to_the_window_end_and_are_never_below_one_second()
    {
        UsageWindows.UntilDailyReset(At("2026-04-22T23:00:00Z")).Should().Be(TimeSpan.FromHours(1));
        UsageWindows.UntilDailyReset(At("2026-04-22T23:59:59.999Z")).Should().Be(TimeSpan.FromSeconds(1));
        UsageWindows.UntilWeeklyReset(At("2026-04-26T00:00:00Z")).Should().Be(TimeSpan.FromDays(1));
    }
}
