using Copilot.Chat.Data;
using Copilot.Executor.Turns;

namespace Copilot.Executor.UnitTests;

/// <summary>Where compaction cuts a history, and what the model is asked to summarise.</summary>
public sealed class ContextCompactorTests
{
    /// <summary>400 characters: 104 estimated tokens as a message (4 + 400 / 4).</summary>
    private static readonly string Filler = new('x', 400);

    private static readonly List<ChatMessage> Exchanges =
    [
        Row(0, ChatRoles.User), Row(1, ChatRoles.Assistant),
        Row(2, ChatRoles.User), Row(3, ChatRoles.Assistant),
        Row(4, ChatRoles.User), Row(5, ChatRoles.Assistant),
    ];

    [Fact]
    public void Tokens_are_estimated_at_four_characters_plus_a_per_message_overhead()
    {
        ContextCompactor.EstimateTokens(Exchanges.Select(ContextWindow.ToLlm)).Should().Be(6 * 104);
    }

    [Theory]
    [InlineData(500, 2)]
    [InlineData(300, 4)]
    public void The_earliest_clean_cut_whose_tail_fits_is_chosen(int tailBudget, int expected)
    {
        ContextCompactor.ChooseCut(Exchanges, tailBudget).Should().Be(expected);
    }

    [Fact]
    public void When_no_tail_fits_the_latest_cut_keeps_the_last_exchange_verbatim()
    {
        ContextCompactor.ChooseCut(Exchanges, tailBudget: 100).Should().Be(4);
    }

    [Fact]
    public void A_cut_never_ends_the_summarised_part_on_an_assistant_row_with_tool_calls()
    {
        List<ChatMessage> history =
        [
            Row(0, ChatRoles.User), Row(1, ChatRoles.Assistant, toolCalls: "[]"),
            Row(2, ChatRoles.User), Row(3, ChatRoles.Assistant),
            Row(4, ChatRoles.User), Row(5, ChatRoles.Assistant),
        ];

        ContextCompactor.ChooseCut(history, tailBudget: 10_000).Should().Be(4);
    }

    [Fact]
    public void A_tool_group_is_never_split()
    {
        List<ChatMessage> history =
        [
            Row(0, ChatRoles.User), Row(1, ChatRoles.Assistant, toolCalls: "[]"), Row(2, ChatRoles.Tool),
            Row(3, ChatRoles.Assistant), Row(4, ChatRoles.User), Row(5, ChatRoles.Assistant),
        ];

        ContextCompactor.ChooseCut(history, tailBudget: 100).Should().Be(4);
    }

    [Fact]
    public void A_history_without_a_clean_boundary_has_no_cut()
    {
        ContextCompactor.ChooseCut([Row(0, ChatRoles.User), Row(1, ChatRoles.Assistant)], tailBudget: 0).Should().BeNull();
    }

    [Fact]
    public void A_history_within_the_budget_is_not_compacted()
    {
        ContextCompactor.CutFor(Exchanges, budget: 6 * 104).Should().BeNull();
    }

    [Fact]
    public void A_history_over_the_budget_keeps_at_most_half_of_it_verbatim()
    {
        ContextCompactor.CutFor(Exchanges, budget: 600).Should().Be(4, "a tail of 208 tokens fits in 300, one of 416 does not");
    }

    [Fact]
    public void A_re_compaction_summarises_the_earlier_summary_with_the_rows_before_the_cut()
    {
        var window = ContextWindow.After(Summary(coversThrough: 1, "they said hello"), Named("u0", "a0", "u1", "a1", "u2", "a2"));

        var transcript = ContextCompactor.Transcript(window, cut: 2);

        transcript.Should().Be("Summary of what came before:\nthey said hello\n\nuser: u1\nassistant: a1\n");
    }

    [Fact]
    public void A_misaligned_summary_is_not_summarised_again_only_the_whole_history_is()
    {
        var window = ContextWindow.After(Summary(coversThrough: 2, "they said hello"), Named("u0", "a0", "u1", "a1", "u2", "a2"));

        var transcript = ContextCompactor.Transcript(window, cut: 4);

        transcript.Should().Be("user: u0\nassistant: a0\nuser: u1\nassistant: a1\n");
    }

    [Fact]
    public void Long_rows_are_shortened_in_the_transcript()
    {
        var window = ContextWindow.After(null, [Row(0, ChatRoles.User, content: new string('y', 5_000))]);

        var transcript = ContextCompactor.Transcript(window, cut: 1);

        transcript.Should().Be($"user: {new string('y', 4_000)} …\n");
    }

    private static List<ChatMessage> Named(params string[] contents) =>
        [.. contents.Select((content, i) => Row(i, i % 2 == 0 ? ChatRoles.User : ChatRoles.Assistant, content: content))];

    private static ContextSummary Summary(int coversThrough, string text) =>
        new() { SessionId = Guid.Empty, CoversThroughSequence = coversThrough, Summary = text };

    private static ChatMessage Row(int sequence, string role, string? toolCalls = null, string? content = null) =>
        new() { Sequence = sequence, Role = role, Content = content ?? Filler, ToolCalls = toolCalls };
}
