using Copilot.Chat.FollowUps;

namespace Copilot.Executor.UnitTests;

/// <summary>The seed's follow-up formatting expectations (pending_messages_test and pending_message_helpers_test).</summary>
public sealed class FollowUpPromptTests
{
    [Fact]
    public void No_follow_ups_inject_nothing() => FollowUpPrompt.FormatForInjection([]).Should().BeEmpty();

    [Fact]
    public void One_follow_up_is_wrapped_in_the_tags_and_numbered()
    {
        var block = FollowUpPrompt.FormatForInjection([Message("hello")]);

        block.Should().StartWith("<user_follow_up>\n").And.EndWith("\n</user_follow_up>");
        block.Should().Contain("Message 1:\nhello");
        block.Should().NotContain("truncated");
    }

    [Fact]
    public void Page_url_and_attachments_are_mentioned_in_the_injected_block()
    {
        var block = FollowUpPrompt.FormatForInjection([Message("look", url: "https://example.com", fileIds: ["a", "b"])]);

        block.Should().Contain("Message 1:\nlook\n[Page URL: https://example.com]\n[Attached files: a, b]");
    }

    [Fact]
    public void A_long_follow_up_is_cut_at_2000_characters()
    {
        var block = FollowUpPrompt.FormatForInjection([Message(new string('x', 2_500))]);

        block.Should().Contain(new string('x', FollowUpPrompt.MaxCharsPerMessage) + "… [truncated]");
        block.Should().NotContain(new string('x', FollowUpPrompt.MaxCharsPerMessage + 1));
    }

    [Fact]
    public void Ten_full_length_follow_ups_are_capped_with_a_count_of_what_was_left_out()
    {
        var followUps = Enumerable.Range(0, 10).Select(_ => Message(new string('y', 2_000))).ToList();

        var block = FollowUpPrompt.FormatForInjection(followUps);

        block.Length.Should().BeLessThan(8_000);
        block.Should().Contain("Message 1:").And.Contain("Message 2:").And.NotContain("Message 3:");
        block.Should().Contain("[8 more message(s) truncated]");
    }

    [Fact]
    public void Five_oversized_follow_ups_keep_the_first_two_and_announce_three_more()
    {
        var followUps = Enumerable.Range(0, 5).Select(_ => Message(new string('z', 3_000))).ToList();

        var block = FollowUpPrompt.FormatForInjection(followUps);

        block.Should().Contain("Message 1:").And.Contain("Message 2:").And.NotContain("Message 3:");
        block.Should().Contain("[3 more message(s) truncated]");
    }

    [Fact]
    public void The_kept_messages_never_exceed_the_total_cap()
    {
        var followUps = Enumerable.Range(0, 10).Select(i => Message(new string((char)('a' + i), 1_500))).ToList();

        var block = FollowUpPrompt.FormatForInjection(followUps);

        var kept = followUps.Count(p => block.Contains(p.Content));
        kept.Should().Be(3);
        (kept * 1_500).Should().BeLessThanOrEqualTo(FollowUpPrompt.MaxTotalChars);
        block.Should().Contain("[7 more message(s) truncated]");
    }

    [Fact]
    public void Follow_ups_queued_before_the_request_arrived_come_before_the_current_message()
    {
        FollowUpPrompt.CombineWithCurrent([Message("older_a", at: 100), Message("older_b", at: 110)], "current_msg", 120)
            .Should().Be("older_a\n\nolder_b\n\ncurrent_msg");
    }

    [Fact]
    public void A_follow_up_queued_after_the_request_arrived_comes_after_the_current_message()
    {
        FollowUpPrompt.CombineWithCurrent([Message("race_followup", at: 125)], "current_msg", 120)
            .Should().Be("current_msg\n\nrace_followup");
    }

    [Fact]
    public void The_partition_around_the_current_message_is_stable()
    {
        var followUps = new[] { Message("way_older", at: 50), Message("race_fast_follow", at: 125), Message("also_older", at: 80) };

        FollowUpPrompt.CombineWithCurrent(followUps, "current_msg", 120)
            .Should().Be("way_older\n\nalso_older\n\ncurrent_msg\n\nrace_fast_follow");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Without_a_current_message_only_the_follow_ups_are_joined(string? current)
    {
        FollowUpPrompt.CombineWithCurrent([Message("a", at: 10), Message("b", at: 20)], current, 0).Should().Be("a\n\nb");
    }

    [Fact]
    public void A_legacy_follow_up_without_an_enqueue_time_comes_first()
    {
        FollowUpPrompt.CombineWithCurrent([Message("legacy", at: 0)], "current", 120).Should().Be("legacy\n\ncurrent");
    }

    [Fact]
    public void Without_an_arrival_time_every_follow_up_comes_first()
    {
        FollowUpPrompt.CombineWithCurrent([Message("a", at: 500), Message("b", at: 600)], "current", 0)
            .Should().Be("a\n\nb\n\ncurrent");
    }

    [Fact]
    public void A_combined_follow_up_carries_its_page_context_and_attachments()
    {
        var combined = FollowUpPrompt.CombineWithCurrent(
            [Message("see this", url: "https://example.com", pageContent: "headline text", fileIds: ["a", "b"], at: 10)],
            "current", 20);

        combined.Should().StartWith("see this\n\n[Page URL: https://example.com]\n\n[Page content]\nheadline text");
        combined.Should().Contain("file_id=a").And.Contain("file_id=b").And.EndWith("\n\ncurrent");
    }

    private static FollowUp Message(string content, string? url = null, string? pageContent = null,
        IReadOnlyList<string>? fileIds = null, double at = 0) =>
        new(content, fileIds ?? [], url is null && pageContent is null ? null : new FollowUpContext(url, pageContent), at);
}
