using Copilot.Chat.Data;
using Copilot.Executor.Tools.Results;
using Copilot.Executor.Turns;

namespace Copilot.Executor.UnitTests;

/// <summary>The seed's gap rule (transcript.py detect_gap): summary + the rows after its watermark, or everything.</summary>
public sealed class ContextWindowTests
{
    private static readonly List<ChatMessage> History =
    [
        Row(0, ChatRoles.User, "u0"), Row(1, ChatRoles.Assistant, "a0"),
        Row(2, ChatRoles.User, "u1"), Row(3, ChatRoles.Assistant, "a1"),
        Row(4, ChatRoles.User, "u2"), Row(5, ChatRoles.Assistant, "a2"),
    ];

    [Fact]
    public void An_earlier_tool_result_too_long_for_the_model_is_sent_cut_as_when_it_came()
    {
        var output = new string('x', ToolOutputCut.MaxChars + 5);
        var row = new ChatMessage { Role = ChatRoles.Tool, Content = output, ToolCallId = "call_9", Name = "bash_exec" };

        var sent = ContextWindow.ToLlm(row);

        sent.Content.Should().Be(ToolOutputCut.ForModel(output, "call_9"));
        row.Content.Should().HaveLength(ToolOutputCut.MaxChars + 5, "the stored row stays whole for read_tool_result");
    }

    [Fact]
    public void Without_a_summary_the_whole_history_is_kept()
    {
        var window = ContextWindow.After(null, History);

        window.Summary.Should().BeNull();
        Contents(window).Should().Equal("u0", "a0", "u1", "a1", "u2", "a2");
    }

    [Fact]
    public void A_summary_ending_on_an_assistant_row_keeps_only_the_rows_after_its_watermark()
    {
        var summary = Summary(coversThrough: 3);

        var window = ContextWindow.After(summary, History);

        window.Summary.Should().BeSameAs(summary);
        Contents(window).Should().Equal("u2", "a2");
    }

    [Fact]
    public void A_summary_covering_the_last_row_leaves_no_rows()
    {
        var window = ContextWindow.After(Summary(coversThrough: 5), History);

        window.Summary.Should().NotBeNull();
        window.Rows.Should().BeEmpty();
    }

    [Fact]
    public void A_watermark_on_a_user_row_drops_the_summary_and_keeps_the_whole_history()
    {
        var window = ContextWindow.After(Summary(coversThrough: 2), History);

        window.Summary.Should().BeNull("the summary and the rows it overlaps must not both reach the model");
        Contents(window).Should().Equal("u0", "a0", "u1", "a1", "u2", "a2");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(-1)]
    public void A_watermark_whose_row_is_gone_drops_the_summary_and_keeps_the_whole_history(int coversThrough)
    {
        var window = ContextWindow.After(Summary(coversThrough), History);

        window.Summary.Should().BeNull();
        window.Rows.Should().HaveCount(History.Count);
    }

    [Fact]
    public void A_watermark_falling_in_a_gap_of_the_sequence_drops_the_summary()
    {
        List<ChatMessage> withGap = [.. History.Where(row => row.Sequence != 3)];

        var window = ContextWindow.After(Summary(coversThrough: 3), withGap);

        window.Summary.Should().BeNull();
        Contents(window).Should().Equal("u0", "a0", "u1", "u2", "a2");
    }

    [Fact]
    public void The_model_gets_the_system_prompt_the_summary_the_rows_and_the_input_last()
    {
        var window = ContextWindow.After(Summary(coversThrough: 3, "they talked"), History);

        var messages = window.ToMessages("be helpful", "and now?");

        messages.Select(m => (m.Role, m.Content)).Should().Equal(
            ("system", "be helpful"),
            ("system", $"{ContextWindow.SummaryHeading}\nthey talked"),
            ("user", "u2"),
            ("assistant", "a2"),
            ("user", "and now?"));
    }

    [Fact]
    public void A_misaligned_summary_is_not_sent_to_the_model()
    {
        var messages = ContextWindow.After(Summary(coversThrough: 2, "they talked"), History).ToMessages("be helpful", "and now?");

        messages.Should().NotContain(m => m.Content != null && m.Content.Contains("they talked"));
        messages.Should().HaveCount(1 + History.Count + 1);
    }

    [Fact]
    public void Without_input_nothing_follows_the_history()
    {
        var messages = ContextWindow.After(null, History).ToMessages("be helpful", "");

        messages[^1].Content.Should().Be("a2");
    }

    [Fact]
    public void A_compacted_window_keeps_the_new_summary_and_the_rows_from_the_cut()
    {
        var renewed = Summary(coversThrough: 3, "newer");

        var window = ContextWindow.After(null, History).Compacted(renewed, cut: 4);

        window.Summary.Should().BeSameAs(renewed);
        Contents(window).Should().Equal("u2", "a2");
    }

    private static IEnumerable<string?> Contents(ContextWindow window) => window.Rows.Select(row => row.Content);

    private static ContextSummary Summary(int coversThrough, string text = "summary") =>
        new() { SessionId = Guid.Empty, CoversThroughSequence = coversThrough, Summary = text };

    private static ChatMessage Row(int sequence, string role, string content) => new() { Sequence = sequence, Role = role, Content = content };
}
