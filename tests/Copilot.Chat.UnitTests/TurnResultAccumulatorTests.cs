using System.Text.Json;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;

namespace Copilot.Chat.UnitTests;

public sealed class TurnResultAccumulatorTests
{
    private static TurnResultAccumulator Fold(params UiChunk[] chunks)
    {
        var accumulator = new TurnResultAccumulator();
        foreach (var chunk in chunks)
        {
            accumulator.Add(chunk.ToJson());
        }

        return accumulator;
    }

    [Fact]
    public void The_answer_is_the_text_deltas_without_reasoning()
    {
        var folded = Fold(new StartChunk(null), new ReasoningDeltaChunk("r", "thinking"), new TextDeltaChunk("t", "Hello, "),
            new TextDeltaChunk("t", "world"), new FinishChunk());

        folded.Outcome.Should().Be(SessionOutcome.Completed);
        folded.Result().ResponseText.Should().Be("Hello, world");
    }

    [Fact]
    public void Tool_calls_carry_their_input_output_and_success()
    {
        var folded = Fold(
            new ToolInputAvailableChunk("a", "get_current_time", JsonSerializer.SerializeToElement(new { })),
            new ToolInputAvailableChunk("b", "launch", JsonSerializer.SerializeToElement(new { target = "moon" })),
            new ToolOutputAvailableChunk("a", JsonSerializer.SerializeToElement("2026-11-25T00:00:00Z")),
            new ToolOutputErrorChunk("b", "Tool 'launch' is not available in this session."),
            new ToolOutputAvailableChunk("unknown", JsonSerializer.SerializeToElement("ignored")));

        var calls = folded.Result().ToolCalls;
        calls.Select(c => (c.ToolName, c.Success)).Should().Equal(("get_current_time", true), ("launch", false));
        calls[0].Output!.Value.GetString().Should().Be("2026-11-25T00:00:00Z");
        calls[1].Input!.Value.GetProperty("target").GetString().Should().Be("moon");
        calls[1].Output!.Value.GetString().Should().Contain("not available");
    }

    [Fact]
    public void Usage_adds_up_over_model_calls()
    {
        var usage = JsonSerializer.SerializeToElement(new { prompt_tokens = 10, completion_tokens = 4, total_tokens = 14 });

        var folded = Fold(new DataChunk("usage", usage, Transient: true), new DataChunk("usage", usage, Transient: true));

        folded.Result().Usage.Should().Be(new TokenUsage(20, 8, 0, 0));
    }

    [Fact]
    public void An_error_before_the_finish_is_a_failed_turn()
    {
        var folded = Fold(new TextDeltaChunk("t", "partial"), new ErrorChunk("The model provider failed."), new FinishChunk());

        folded.Outcome.Should().Be(SessionOutcome.Failed);
        folded.ErrorText.Should().Be("The model provider failed.");
    }

    [Fact]
    public void Without_a_finish_the_turn_is_still_running()
    {
        Fold(new StartChunk(null), new TextDeltaChunk("t", "so far")).Outcome.Should().Be(SessionOutcome.Running);
    }
}
