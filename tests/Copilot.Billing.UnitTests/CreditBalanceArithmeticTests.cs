using Copilot.Billing.Credits;

namespace Copilot.Billing.UnitTests;

public sealed class CreditBalanceArithmeticTests
{
    [Theory]
    [InlineData(700, 300, 1000)]
    [InlineData(100, -250, -150)]
    [InlineData(long.MaxValue - 5, 5, long.MaxValue)]
    [InlineData(long.MinValue + 5, -5, long.MinValue)]
    public void A_sum_that_fits_is_the_new_balance(long balance, long amount, long expected) =>
        CreditLedger.NewBalance(balance, amount).Should().Be(expected);

    [Theory]
    [InlineData(long.MaxValue, 1)]
    [InlineData(long.MaxValue - 5, CreditLedger.MaxAmountCents)]
    [InlineData(long.MinValue, -1)]
    public void A_sum_past_the_range_of_a_long_is_refused_instead_of_wrapping_around(long balance, long amount) =>
        CreditLedger.NewBalance(balance, amount).Should().BeNull();
}
