using Copilot.Contracts;
using Copilot.Executor.Turns;
using Copilot.Usage.Client;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Copilot.Executor.UnitTests;

public sealed class CostReporterTests
{
    private static readonly TokenUsage Tokens = new(1_200, 80, 1_000, 150);

    private static readonly RunCopilotTurn Turn = new(Guid.NewGuid(), Guid.NewGuid(), "user-1", "hi", IsUserMessage: true,
        DateTimeOffset.UtcNow, "standard", Mode: null, Origin: "chat", Permissions: null, FileIds: null, Context: null);

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

    [Fact]
    public async Task A_call_without_a_usable_cost_is_still_published_with_its_tokens_and_charged_as_nothing()
    {
        await using var provider = new ServiceCollection().AddMassTransitTestHarness().BuildServiceProvider(true);
        var harness = await StartedHarnessAsync(provider);
        var reporter = new CostReporter(harness.Bus, TimeProvider.System, NullLogger<CostReporter>.Instance);

        var charged = await reporter.ReportAsync(Turn, "anthropic/claude-sonnet-4-6", Tokens, costUsd: null);

        charged.Should().Be(0);
        var published = harness.Published.Select<LlmUsageRecorded>().Should().ContainSingle().Subject.Context.Message;
        published.Tokens.Should().Be(Tokens, "the session totals count every call's tokens, cache reads and writes included");
        published.CostMicrodollars.Should().Be(0);
        reporter.TakeUnconfirmed().Should().BeEmpty("usage has nothing to charge for it");
    }

    [Fact]
    public async Task A_priced_call_is_published_with_its_cost_and_kept_for_the_next_round_check()
    {
        await using var provider = new ServiceCollection().AddMassTransitTestHarness().BuildServiceProvider(true);
        var harness = await StartedHarnessAsync(provider);
        var reporter = new CostReporter(harness.Bus, TimeProvider.System, NullLogger<CostReporter>.Instance);

        var charged = await reporter.ReportAsync(Turn, "anthropic/claude-sonnet-4-6", Tokens, costUsd: 0.0123m);

        charged.Should().Be(12_300);
        var published = harness.Published.Select<LlmUsageRecorded>().Should().ContainSingle().Subject.Context.Message;
        published.CostMicrodollars.Should().Be(12_300);
        reporter.TakeUnconfirmed().Should().Equal(new TurnCharge(published.UsageId, 12_300));
    }

    private static async Task<ITestHarness> StartedHarnessAsync(IServiceProvider provider)
    {
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return harness;
    }
}
