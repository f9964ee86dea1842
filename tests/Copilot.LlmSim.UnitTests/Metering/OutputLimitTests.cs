using Copilot.LlmSim.Metering;
using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.UnitTests.Metering;

public sealed class OutputLimitTests
{
    [Fact]
    public void Cutting_counts_reasoning_text_and_tool_call_pieces()
    {
        SimEvent[] events =
        [
            new ReasoningDelta(ReasoningShape.Reasoning, "let me "),
            new ReasoningDelta(ReasoningShape.Reasoning, "think "),
            new TextDelta("an "),
            new TextDelta("answer"),
            new Finish(FinishReasons.Stop),
        ];

        OutputLimit.Apply(events, 4).Should().Equal(events[0], events[1], events[2], new Finish(FinishReasons.Length));
        OutputLimit.Apply(events, 5).Should().BeSameAs(events);
        OutputLimit.Apply(events, null).Should().BeSameAs(events);
    }
}
