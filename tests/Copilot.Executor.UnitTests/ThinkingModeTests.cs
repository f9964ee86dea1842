using Copilot.Contracts;
using Copilot.Executor.Llm;

namespace Copilot.Executor.UnitTests;

public sealed class ThinkingModeTests
{
    [Theory]
    [InlineData(TurnModes.Fast, 0)]
    [InlineData(TurnModes.ExtendedThinking, 16_384)]
    [InlineData(null, 8_192)]
    public void The_mode_picks_the_reasoning_budget_and_no_mode_gets_the_deployments_default(string? mode, int expected)
    {
        new LlmOptions().ThinkingTokensFor(mode).Should().Be(expected);
    }

    [Theory]
    [InlineData(TurnModes.ExtendedThinking)]
    [InlineData(null)]
    public void Reasoning_switched_off_by_the_operator_stays_off_whatever_the_mode(string? mode)
    {
        new LlmOptions { MaxThinkingTokens = 0 }.ThinkingTokensFor(mode).Should().Be(0);
    }

    [Theory]
    [InlineData("standard", "anthropic/claude-sonnet-4-6")]
    [InlineData("advanced", "anthropic/claude-opus-4-7")]
    public void The_model_tier_picks_the_configured_model(string tier, string model)
    {
        new LlmOptions().ModelFor(tier).Should().Be(model);
    }
}
