using Copilot.LlmSim.Metering;
using Copilot.LlmSim.Protocol;
using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.UnitTests.Metering;

public sealed class UsageCalculatorTests
{
    private static readonly LlmSimOptions Options = new()
    {
        Models = ["m"],
        CostPerMillionPromptTokensUsd = 3m,
        CostPerMillionCompletionTokensUsd = 15m,
    };

    private static readonly ChatCompletionRequest Request = new()
    {
        Messages = [new ChatMessage { Role = "user", Content = new MessageContent([new ContentBlock("text", "What's up?", null)]) }],
    };

    [Theory]
    [InlineData("", 0)]
    [InlineData("hello world", 2)]
    [InlineData("What's up?", 5)]
    [InlineData("[simulated] snake_case 42", 5)]
    public void Words_and_punctuation_marks_each_count_as_one_token(string text, int tokens)
    {
        TokenCounter.Count(text).Should().Be(tokens);
    }

    [Fact]
    public void Cost_follows_the_per_million_prices_from_the_token_counts()
    {
        SimEvent[] events = [new TextDelta("one two "), new TextDelta("three")];

        var usage = UsageCalculator.Calculate(Request, events, CostMode.Numeric, Options);

        usage.PromptTokens.Should().Be(5);
        usage.CompletionTokens.Should().Be(3);
        usage.TotalTokens.Should().Be(8);
        usage.Cost!.GetValue<decimal>().Should().Be(0.00006m);
    }

    [Fact]
    public void Reasoning_and_tool_calls_count_as_completion_tokens()
    {
        SimEvent[] events =
        [
            new ReasoningDelta(ReasoningShape.Reasoning, "let me "),
            new ReasoningDelta(ReasoningShape.Reasoning, "think"),
            new ToolCallFragment(0, "call_1", "search", ""),
            new ToolCallFragment(0, null, null, "{\"q\":"),
            new ToolCallFragment(0, null, null, "\"x\"}"),
        ];

        var usage = UsageCalculator.Calculate(Request, events, CostMode.Numeric, Options);

        usage.CompletionTokensDetails.ReasoningTokens.Should().Be(3);
        usage.CompletionTokens.Should().Be(3 + 1 + 9);
    }

    [Theory]
    [InlineData(CostMode.Missing, null)]
    [InlineData(CostMode.NotANumber, "\"abc\"")]
    [InlineData(CostMode.Zero, "0")]
    public void Cost_mode_replaces_the_cost_value(CostMode mode, string? json)
    {
        var usage = UsageCalculator.Calculate(Request, [new TextDelta("hi")], mode, Options);

        usage.Cost?.ToJsonString().Should().Be(json);
        (usage.Cost is null).Should().Be(json is null);
    }
}
