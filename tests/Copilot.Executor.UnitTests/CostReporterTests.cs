using Copilot.Executor.Turns;

namespace Copilot.Executor.UnitTests;

public sealed class CostReporterTests
{
    [Theory]
    [InlineData("0.0123", 12_300)]
    [InlineData("1", 1_000_000)]
    [InlineData("0", 0)]
    [InlineData("0.000001", 1)]
    [InlineData("0.0000004", 0)]
    [InlineData("0.0000005", 1)]
    [InlineData("0.0000015", 2)]
    [InlineData("12.3456789", 12_345_679)]
    public void A_reported_dollar_cost_becomes_whole_microdollars_rounded_half_away_from_zero(string usd, long expected)
    {
        CostReporter.ToMicrodollars(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(expected);
    }
}
