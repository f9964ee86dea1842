using System.Globalization;
using Copilot.Usage.Periods;

namespace Copilot.Usage.UnitTests.Periods;

public sealed class LimitMessagesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-04-22T10:00:00Z", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(-60, "now")]
    [InlineData(0, "now")]
    [InlineData(59, "0m")]
    [InlineData(59 * 60 + 59, "59m")]
    [InlineData(3600, "1h 0m")]
    [InlineData(14 * 3600 + 5 * 60 + 30, "14h 5m")]
    [InlineData(6 * 86400 + 3600, "145h 0m")]
    public void Resets_in_is_hours_and_minutes_rounded_down(int secondsLeft, string expected) =>
        LimitMessages.ResetsIn(Now.AddSeconds(secondsLeft), Now).Should().Be(expected);

    [Fact]
    public void The_exceeded_detail_is_the_seeds_text()
    {
        LimitMessages.Exceeded(LimitWindow.Daily, Now.AddHours(14).AddMinutes(5), Now)
            .Should().Be("You've reached your daily usage limit. Resets in 14h 5m.");
        LimitMessages.Exceeded(LimitWindow.Weekly, Now.AddMinutes(3), Now)
            .Should().Be("You've reached your weekly usage limit. Resets in 3m.");
    }
}
