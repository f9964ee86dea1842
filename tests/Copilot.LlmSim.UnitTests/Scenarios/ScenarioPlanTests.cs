using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.UnitTests.Scenarios;

public sealed class ScenarioPlanTests
{
    private static readonly LlmSimOptions Options = new() { Models = ["m"] };

    [Fact]
    public void Plain_message_gets_configured_timing_and_the_echo_scenario()
    {
        var plan = PlanFor("  Hello\n  there  ");

        plan.TimeToFirstTokenMs.Should().Be(200);
        plan.InterTokenDelayMs.Should().Be(20);
        plan.UserText.Should().Be("Hello there");
        plan.Should().BeEquivalentTo(new { Reasoning = (ReasoningShape?)null, LongWords = (int?)null, Hang = false, Cost = CostMode.Numeric });
        plan.ToolCalls.Should().BeEmpty();
    }

    [Fact]
    public void Timing_markers_override_the_options_and_the_last_one_wins()
    {
        var plan = PlanFor("[sim:ttft=0][sim:delay=5][sim:slow] hi");

        plan.TimeToFirstTokenMs.Should().Be(0);
        plan.InterTokenDelayMs.Should().Be(ScenarioPlan.DefaultSlowDelayMs);
        PlanFor("[sim:slow=50][sim:delay=1]").InterTokenDelayMs.Should().Be(1);
    }

    [Fact]
    public void Default_scenario_applies_only_when_no_scenario_marker_is_present()
    {
        var options = new LlmSimOptions { Models = ["m"], DefaultScenario = "long=12" };

        PlanFor("[sim:nocost] hi", options).LongWords.Should().Be(12);
        PlanFor("[sim:echo] hi", options).LongWords.Should().BeNull();
    }

    [Fact]
    public void Reasoning_marker_forces_reasoning_even_when_the_request_did_not_ask()
    {
        PlanFor("[sim:reasoning=reasoning_content]", reasoningRequested: false).Reasoning.Should().Be(ReasoningShape.ReasoningContent);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, ReasoningShape.Details)]
    public void Default_reasoning_scenario_follows_the_request(bool requested, ReasoningShape? expected)
    {
        var options = new LlmSimOptions { Models = ["m"], DefaultScenario = "reasoning=details" };

        PlanFor("hi", options, requested).Reasoning.Should().Be(expected);
    }

    [Fact]
    public void Tool_markers_accumulate_with_default_empty_arguments()
    {
        var plan = PlanFor("""[sim:tool=a][sim:tool=b:{"x":1}][sim:rounds=3]""");

        plan.ToolCalls.Should().Equal(new ToolCallSpec("a", "{}"), new ToolCallSpec("b", """{"x":1}"""));
        plan.ToolRounds.Should().Be(3);
        plan.SequentialToolCalls.Should().BeFalse();
    }

    [Fact]
    public void Sequential_marker_orders_the_tool_markers_into_rounds()
    {
        PlanFor("[sim:tool=a][sim:tool=b][sim:sequential]").SequentialToolCalls.Should().BeTrue();
    }

    [Theory]
    [InlineData("[sim:long=5][sim:context]", true, null)]
    [InlineData("[sim:context][sim:long=5]", false, 5)]
    public void Context_and_long_markers_pick_the_answer_and_the_later_one_wins(string text, bool listContext, int? longWords)
    {
        var plan = PlanFor(text);

        plan.ListContext.Should().Be(listContext);
        plan.LongWords.Should().Be(longWords);
    }

    [Theory]
    [InlineData("[sim:error]", 3, null)]
    [InlineData("[sim:error=after:0]", 0, null)]
    [InlineData("[sim:error=http:503]", null, 503)]
    public void Error_marker_sets_a_mid_stream_or_http_failure(string text, int? afterDeltas, int? httpStatus)
    {
        var plan = PlanFor(text);

        plan.ErrorAfterDeltas.Should().Be(afterDeltas);
        plan.HttpErrorStatus.Should().Be(httpStatus);
    }

    [Theory]
    [InlineData("[sim:nocost]", CostMode.Missing)]
    [InlineData("[sim:badcost]", CostMode.NotANumber)]
    [InlineData("[sim:zerocost]", CostMode.Zero)]
    public void Cost_markers_pick_the_cost_mode(string text, CostMode expected)
    {
        PlanFor(text).Cost.Should().Be(expected);
    }

    [Theory]
    [InlineData("[sim:teleport]")]
    [InlineData("[sim:long=0]")]
    [InlineData("[sim:delay]")]
    [InlineData("[sim:reasoning=telepathy]")]
    [InlineData("[sim:tool]")]
    [InlineData("[sim:tool=bad name]")]
    [InlineData("[sim:tool=x:[1,2]]")]
    [InlineData("[sim:error=http:200]")]
    [InlineData("[sim:nocost=yes]")]
    [InlineData("[sim:stamp=1]")]
    [InlineData("[sim:context=all]")]
    public void Invalid_markers_are_refused(string text)
    {
        var plan = () => PlanFor(text);

        plan.Should().Throw<InvalidMarkerException>().WithMessage("*sim:*");
    }

    [Theory]
    [InlineData("echo", true)]
    [InlineData("long=50", true)]
    [InlineData("reasoning=details", true)]
    [InlineData("telepathy", false)]
    [InlineData("long=abc", false)]
    [InlineData("echo][sim:long", false)]
    public void Default_scenario_is_validated_as_a_single_marker_body(string defaultScenario, bool valid)
    {
        (ScenarioPlan.ValidateDefaultScenario(defaultScenario) is null).Should().Be(valid);
    }

    private static ScenarioPlan PlanFor(string userText, LlmSimOptions? options = null, bool reasoningRequested = false) =>
        ScenarioPlan.For(new Conversation(userText, 0, [], [], reasoningRequested), options ?? Options);
}
