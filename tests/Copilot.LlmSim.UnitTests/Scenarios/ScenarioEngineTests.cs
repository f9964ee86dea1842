using System.Text.Json.Nodes;
using Copilot.LlmSim.Scenarios;

namespace Copilot.LlmSim.UnitTests.Scenarios;

public sealed class ScenarioEngineTests
{
    private static readonly Conversation Fresh = new("", 0, [], [], false);

    [Fact]
    public void Echo_deltas_join_back_to_the_labelled_answer_then_stop()
    {
        var events = Generate(new ScenarioPlan { UserText = "How are you?" });

        events.OfType<TextDelta>().Should().HaveCount(6);
        Text(events).Should().Be("[simulated] You said: How are you?");
        events[^1].Should().Be(new Finish(FinishReasons.Stop));
    }

    [Fact]
    public void Word_deltas_keep_every_character_including_leading_and_inner_whitespace()
    {
        const string text = "  two\n\nlines\tand  spaces ";

        string.Concat(ScenarioEngine.WordDeltas(text)).Should().Be(text);
    }

    [Fact]
    public void After_tool_results_the_answer_reports_each_one()
    {
        var conversation = Fresh with { TrailingToolResults = [new ToolResult("a", "1"), new ToolResult("b", "2")] };

        Text(Generate(new ScenarioPlan(), conversation)).Should().Be("[simulated] Tool a returned: 1\n[simulated] Tool b returned: 2");
    }

    [Theory]
    [InlineData("[sim:code]", "python")]
    [InlineData("[sim:code=typescript]", "typescript")]
    public void Code_marker_answers_with_one_fenced_block_in_the_language(string marker, string language)
    {
        var conversation = Fresh with { LastUserText = $"show me code {marker}" };

        var text = Text(Generate(ScenarioPlan.For(conversation, new LlmSimOptions()), conversation));

        text.Should().StartWith("[simulated] Here is a ");
        text.Should().Contain($"\n```{language}\n");
        text.Split("```").Should().HaveCount(3, "exactly one block opens and closes");
        text.Should().EndWith("Run it to see the greeting.");
    }

    [Fact]
    public void Code_marker_with_an_unknown_language_is_refused()
    {
        var conversation = Fresh with { LastUserText = "[sim:code=cobol]" };

        var plan = () => ScenarioPlan.For(conversation, new LlmSimOptions());

        plan.Should().Throw<InvalidMarkerException>().WithMessage("*python*");
    }

    [Fact]
    public void Long_answer_has_the_requested_words_in_sentences()
    {
        var text = Text(Generate(new ScenarioPlan { LongWords = 25 }));

        text.Split(' ').Should().HaveCount(26);
        text.Should().StartWith("[simulated] Lorem").And.EndWith(".");
        text.Count(c => c == '.').Should().Be(3);
    }

    [Fact]
    public void Error_replaces_the_rest_of_the_answer_after_n_deltas()
    {
        var events = Generate(new ScenarioPlan { UserText = "a b c d", ErrorAfterDeltas = 2 });

        events.Should().HaveCount(3);
        events[^1].Should().Be(new ProviderError(502, "Simulated provider error"));
        events.Should().NotContain(e => e is Finish);
    }

    [Fact]
    public void Tool_call_starts_with_id_and_name_then_streams_arguments_in_pieces()
    {
        var plan = new ScenarioPlan { ToolCalls = [new ToolCallSpec("search", """{"query":"simulated llm"}""")] };

        var fragments = Generate(plan).OfType<ToolCallFragment>().ToList();

        fragments[0].Should().Be(new ToolCallFragment(0, "call_seed_0", "search", ""));
        fragments.Skip(1).Should().HaveCount(4).And.OnlyContain(f => f.Id == null && f.Name == null);
        string.Concat(fragments.Select(f => f.Arguments)).Should().Be("""{"query":"simulated llm"}""");
    }

    [Fact]
    public void Tool_round_ends_with_tool_calls_and_no_text()
    {
        var events = Generate(new ScenarioPlan { ToolCalls = [new ToolCallSpec("a", "{}"), new ToolCallSpec("b", "{}")] });

        events.OfType<ToolCallFragment>().Where(f => f.Id is not null).Select(f => f.Index).Should().Equal(0, 1);
        events.OfType<TextDelta>().Should().BeEmpty();
        events[^1].Should().Be(new Finish(FinishReasons.ToolCalls));
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(1, 1, false)]
    [InlineData(1, 2, true)]
    [InlineData(2, 2, false)]
    public void Tool_is_called_until_the_planned_rounds_are_done(int completedRounds, int rounds, bool callsTool)
    {
        var conversation = Fresh with { CompletedToolRounds = completedRounds };
        var plan = new ScenarioPlan { ToolCalls = [new ToolCallSpec("a", "{}")], ToolRounds = rounds };

        Generate(plan, conversation).OfType<ToolCallFragment>().Any().Should().Be(callsTool);
    }

    [Theory]
    [InlineData(0, "a")]
    [InlineData(1, "b")]
    [InlineData(2, null)]
    public void Sequential_tool_markers_are_called_one_per_round_in_order(int completedRounds, string? expectedTool)
    {
        var conversation = Fresh with { CompletedToolRounds = completedRounds };
        var plan = new ScenarioPlan { ToolCalls = [new ToolCallSpec("a", "{}"), new ToolCallSpec("b", "{}")], SequentialToolCalls = true };

        var called = Generate(plan, conversation).OfType<ToolCallFragment>().Where(f => f.Name is not null).Select(f => f.Name);

        called.Should().Equal(expectedTool is null ? [] : [expectedTool]);
    }

    [Fact]
    public void Parallel_count_without_named_tools_falls_back_to_a_placeholder_tool()
    {
        var names = Generate(new ScenarioPlan { ParallelToolCalls = 2 }).OfType<ToolCallFragment>()
            .Where(f => f.Name is not null).Select(f => f.Name);

        names.Should().Equal("sim_tool", "sim_tool");
    }

    [Theory]
    [InlineData(ReasoningShape.Reasoning)]
    [InlineData(ReasoningShape.ReasoningContent)]
    public void Reasoning_comes_before_the_answer_in_its_shape(ReasoningShape shape)
    {
        var events = Generate(new ScenarioPlan { Reasoning = shape, UserText = "x" });

        events.TakeWhile(e => e is ReasoningDelta).Should().HaveCountGreaterThan(3).And.OnlyContain(e => ((ReasoningDelta)e).Shape == shape);
        events.SkipWhile(e => e is ReasoningDelta).Should().NotContain(e => e is ReasoningDelta);
    }

    [Fact]
    public void Details_reasoning_adds_a_summary_and_an_encrypted_entry()
    {
        var details = Generate(new ScenarioPlan { Reasoning = ReasoningShape.Details }).OfType<ReasoningDetailsDelta>()
            .Select(d => (string?)d.Details[0]!["type"]);

        details.Should().Equal("reasoning.summary", "reasoning.encrypted");
    }

    [Fact]
    public void Details_reasoning_is_signed_over_its_whole_text_once_the_text_is_done()
    {
        var events = Generate(new ScenarioPlan { Reasoning = ReasoningShape.Details });

        var text = string.Concat(events.TakeWhile(e => e is ReasoningDelta).Cast<ReasoningDelta>().Select(d => d.Text));
        events.SkipWhile(e => e is ReasoningDelta).First().Should().Be(new ReasoningSignature(ThinkingBlocks.Sign(text)));
        ThinkingBlocks.Sign(text).Should().NotBe(ThinkingBlocks.Sign(text + " "));
    }

    [Theory]
    [InlineData(ReasoningShape.Reasoning)]
    [InlineData(ReasoningShape.ReasoningContent)]
    public void Other_reasoning_shapes_are_not_signed(ReasoningShape shape) =>
        Generate(new ScenarioPlan { Reasoning = shape }).OfType<ReasoningSignature>().Should().BeEmpty();

    [Fact]
    public void Malformed_reasoning_entries_precede_a_normal_answer()
    {
        var events = Generate(new ScenarioPlan { MalformedReasoning = true, UserText = "x" });

        events.OfType<ReasoningDetailsDelta>().Should().HaveCountGreaterThan(3)
            .And.Contain(d => d.Details is JsonObject, "one value is not even an array");
        Text(events).Should().Be("[simulated] You said: x");
    }

    [Fact]
    public void Hang_produces_nothing_but_the_wait()
    {
        Generate(new ScenarioPlan { Hang = true, UserText = "x" }).Should().Equal(new HangUntilDisconnect());
    }

    [Fact]
    public void Same_input_gives_equal_events()
    {
        var plan = new ScenarioPlan { Reasoning = ReasoningShape.Reasoning, LongWords = 50 };

        Generate(plan).Should().Equal(Generate(plan));
    }

    private static IReadOnlyList<SimEvent> Generate(ScenarioPlan plan, Conversation? conversation = null) =>
        ScenarioEngine.Generate(conversation ?? Fresh, plan, "seed");

    private static string Text(IEnumerable<SimEvent> events) => string.Concat(events.OfType<TextDelta>().Select(e => e.Text));
}
