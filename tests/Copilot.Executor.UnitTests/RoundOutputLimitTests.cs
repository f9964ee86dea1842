using Copilot.Executor.Llm;
using Copilot.Executor.Turns;

namespace Copilot.Executor.UnitTests;

/// <summary>
/// The output cap of a model round at the default settings: floor 512 tokens, at most 32 000, thinking 8 192, and the
/// standard model's $3 / $15 per million tokens (3 and 15 microdollars per token).
/// </summary>
public sealed class RoundOutputLimitTests
{
    private static readonly LlmOptions Options = new();
    private static readonly ModelPrice Price = new(3m, 15m);

    [Fact]
    public void A_user_without_limits_is_not_capped_and_thinks_as_configured()
    {
        var limit = RoundOutputLimit.For(null, 10_000, Price, Options, Options.MaxThinkingTokens);

        limit.Should().Be(new RoundOutputLimit(null, 8_192, CappedByBudget: false));
    }

    [Fact]
    public void The_cap_is_what_the_remaining_budget_pays_for_after_the_estimated_input()
    {
        // 100 000 µ$ left, 10 000 prompt tokens × 3 = 30 000 µ$ of input: 70 000 µ$ / 15 = 4 666 output tokens.
        var limit = RoundOutputLimit.For(100_000, 10_000, Price, Options, Options.MaxThinkingTokens);

        limit.MaxTokens.Should().Be(4_666);
        limit.CappedByBudget.Should().BeTrue();
        limit.ThinkingTokens.Should().Be(4_666 - 512, "thinking leaves the floor for the answer");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5_000)]
    [InlineData(13_000)]
    public void A_budget_that_pays_for_less_than_the_floor_still_gets_the_floor_and_no_thinking(long remaining)
    {
        var limit = RoundOutputLimit.For(remaining, 2_000, Price, Options, Options.MaxThinkingTokens);

        limit.MaxTokens.Should().Be(512);
        limit.CappedByBudget.Should().BeTrue();
        limit.ThinkingTokens.Should().Be(0, "what is left above the floor is below Anthropic's minimum thinking budget");
    }

    [Fact]
    public void A_large_budget_is_capped_at_the_configured_maximum_with_full_thinking()
    {
        var limit = RoundOutputLimit.For(50_000_000, 10_000, Price, Options, Options.MaxThinkingTokens);

        limit.Should().Be(new RoundOutputLimit(32_000, 8_192, CappedByBudget: false));
    }

    [Fact]
    public void A_free_model_is_never_capped_below_the_maximum()
    {
        RoundOutputLimit.For(1, 10_000, new ModelPrice(0m, 0m), Options, Options.MaxThinkingTokens).MaxTokens.Should().Be(32_000);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40_000)]
    [InlineData(100_000)]
    [InlineData(600_000)]
    public void One_round_passes_the_budget_by_at_most_the_floor_at_the_output_price_plus_its_input(long remaining)
    {
        const int promptTokens = 5_000;
        var limit = RoundOutputLimit.For(remaining, promptTokens, Price, Options, Options.MaxThinkingTokens);

        var worstCost = promptTokens * 3 + limit.MaxTokens!.Value * 15;
        (worstCost - remaining).Should().BeLessThanOrEqualTo(512 * 15 + promptTokens * 3);
    }
}
