using Copilot.Chat.Pending;

namespace Copilot.Executor.UnitTests;

/// <summary>The seed's follow-up formatting expectations (pending_messages_test and pending_message_helpers_test).</summary>
public sealed class FollowUpsTests
{
    [Fact]
    public void No_follow_ups_inject_nothing() => FollowUps.FormatForInjection([]).Should().BeEmpty();

    [Fact]
    public void One_follow_up_is_wrapped_in_the_tags_and_numbered()
    {
        var block = FollowUps.FormatForInjection([Pending("hello")]);

        block.Should().StartWith("<user_follow_up>\n").And.EndWith("\n</user_follow_up>");
        block.Should().Contain("Message 1:\nhello");
        block.Should().NotContain("truncated");
    }

    [Fact]
    public void Page_url_and_attachments_are_mentioned_in_the_injected_block()
    {
        var block = FollowUps.FormatForInjection([Pending("look", url: "https://example.com", fileIds: ["a", "b"])]);

        block.Should().Contain("Message 1:\nlook\n[Page URL: https://example.com]\n[Attached files: a, b]");
    }

    [Fact]
    public void A_long_follow_up_is_cut_at_2000_characters()
    {
        var block = FollowUps.FormatForInjection([Pending(new string('x', 2_500))]);

        block.Should().Contain(new string('x', FollowUps.MaxCharsPerMessage) + "… [truncated]");
        block.Should().NotContain(new string('x', FollowUps.MaxCharsPerMessage + 1));
    }

    [Fact]
    public void Ten_full_length_follow_ups_are_capped_with_a_count_of_what_was_left_out()
    {
        var pending = Enumerable.Range(0, 10).Select(_ => Pending(new string('y', 2_000))).ToList();

        var block = FollowUps.FormatForInjection(pending);

        block.Length.Should().BeLessThan(8_000);
        block.Should().Contain("Message 1:").And.Contain("Message 2:").And.NotContain("Message 3:");
        block.Should().Contain("[8 more message(s) truncated]");
    }

    [Fact]
    public void Five_oversized_follow_ups_keep_the_first_two_and_announce_three_more()
    {
        var pending = Enumerable.Range(0, 5).Select(_ => Pending(new string('z', 3_000))).ToList();

        var block = FollowUps.FormatForInjection(pending);

        block.Should().Contain("Message 1:").And.Contain("Message 2:").And.NotContain("Message 3:");
        block.Should().Contain("[3 more message(s) truncated]");
    }

    [Fact]
    public void The_kept_messages_never_exceed_the_total_cap()
    {
        var pending = Enumerable.Range(0, 10).Select(i => Pending(new string((char)('a' + i), 1_500))).ToList();

        var block = FollowUps.FormatForInjection(pending);

        var kept = pending.Count(p => block.Contains(p.Content));
        kept.Should().Be(3);
        (kept * 1_500).Should().BeLessThanOrEqualTo(FollowUps.MaxTotalChars);
        block.Should().Contain("[7 more message(s) truncated]");
    }

    [Fact]
    public void Follow_ups_queued_before_the_request_arrived_come_before_the_current_message()
    {
        FollowUps.CombineWithCurrent([Pending("older_a", at: 100), Pending("older_b", at: 110)], "current_msg", 120)
            .Should().Be("older_a\n\nolder_b\n\ncurrent_msg");
    }

    [Fact]
    public void A_follow_up_queued_after_the_request_arrived_comes_after_the_current_message()
    {
        FollowUps.CombineWithCurrent([Pending("race_followup", at: 125)], "current_msg", 120)
            .Should().Be("current_msg\n\nrace_followup");
    }

    [Fact]
    public void The_partition_around_the_current_message_is_stable()
    {
        var pending = new[] { Pending("way_older", at: 50), Pending("race_fast_follow", at: 125), Pending("also_older", at: 80) };

        FollowUps.CombineWithCurrent(pending, "current_msg", 120)
            .Should().Be("way_older\n\nalso_older\n\ncurrent_msg\n\nrace_fast_follow");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Without_a_current_message_only_the_follow_ups_are_joined(string? current)
    {
        FollowUps.CombineWithCurrent([Pending("a", at: 10), Pending("b", at: 20)], current, 0).Should().Be("a\n\nb");
    }

    [Fact]
    public void A_legacy_follow_up_without_an_enqueue_time_comes_first()
    {
        FollowUps.CombineWithCurrent([Pending("legacy", at: 0)], "current", 120).Should().Be("legacy\n\ncurrent");
    }

    [Fact]
    public void Without_an_arrival_time_every_follow_up_comes_first()
    {
        FollowUps.CombineWithCurrent([Pending("a", at: 500), Pending("b", at: 600)], "current", 0)
            .Should().Be("a\n\nb\n\ncurrent");
    }

    [Fact]
    public void A_combined_follow_up_carries_its_page_context_and_attachments()
    {
        var combined = FollowUps.CombineWithCurrent(
            [Pending("see this", url: "https://example.com", pageContent: "headline text", fileIds: ["a", "b"], at: 10)],
            "current", 20);

        combined.Should().StartWith("see this\n\n[Page URL: https://example.com]\n\n[Page content]\nheadline text");
        combined.Should().Contain("file_id=a").And.Contain("file_id=b").And.EndWith("\n\ncurrent");
    }

    private static PendingMessage Pending(string content, string? url = null, string? pageContent = null,
        IReadOnlyList<string>? fileIds = null, double at = 0) =>
        new(content, fileIds ?? [], url is null && pageContent is null ? null : new PendingMessageContext(url, pageContent), at);
}
