using Copilot.Usage.Redis;

namespace Copilot.Usage.UnitTests.Redis;

public sealed class RemainingBudgetTests
{
    [Theory]
    [InlineData(700, 1_000, 4_000, 5_000, 100, 200)]
    [InlineData(100, 1_000, 4_800, 5_000, 50, 150)]
    [InlineData(700, 1_000, 4_800, 0, 0, 300)]
    [InlineData(700, 0, 4_800, 5_000, 0, 200)]
    [InlineData(1_200, 1_000, 0, 5_000, 0, -200)]
    public void The_remaining_budget_is_the_tightest_limited_window_less_what_other_turns_reserve(
        long dailyUsed, long dailyLimit, long weeklyUsed, long weeklyLimit, long reservedByOthers, long remaining)
    {
        Result(dailyUsed, dailyLimit, weeklyUsed, weeklyLimit, reservedByOthers).RemainingMicrodollars.Should().Be(remaining);
    }

    [Fact]
    public void A_user_limited_in_neither_window_has_no_remaining_budget()
    {
        Result(700, 0, 4_800, 0, 0).RemainingMicrodollars.Should().BeNull();
    }

    private static AdmissionResult Result(long dailyUsed, long dailyLimit, long weeklyUsed, long weeklyLimit, long reservedByOthers) =>
        new(AdmissionVerdict.Allowed, null, dailyUsed, dailyLimit, weeklyUsed, weeklyLimit, reservedByOthers, TierKnown: true);
}
