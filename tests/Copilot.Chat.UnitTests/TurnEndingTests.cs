using Copilot.Chat.Data;
using Copilot.Chat.Streaming;
using Copilot.Chat.Turns;
using Copilot.Contracts;

namespace Copilot.Chat.UnitTests;

public sealed class TurnEndingTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TurnMeta Turn = new(Guid.NewGuid(), Guid.NewGuid(), TurnStatus.Running, "user-1", Now.AddSeconds(-42), TurnOrigins.Chat, "worker-a");

    [Fact]
    public void A_failure_shows_its_error_on_the_stream_and_as_an_error_card()
    {
        var ending = TurnEnding.Failed("The AI provider failed.");

        ending.Outcome.Should().Be(TurnOutcome.Failed);
        ending.StreamError.Should().Be("The AI provider failed.");
        ending.Notice.Should().Be(ChatMarkers.Error("The AI provider failed."));
        ending.NoticeFirst.Should().BeFalse("only the winner of the end may leave a card");
    }

    [Fact]
    public void A_users_stop_shows_no_error_and_stores_its_marker_before_the_stream_finishes()
    {
        var ending = TurnEnding.StoppedByUser();

        ending.Outcome.Should().Be(TurnOutcome.Cancelled);
        ending.StreamError.Should().BeNull();
        ending.Notice.Should().Be(ChatMarkers.StoppedByUser);
        ending.NoticeFirst.Should().BeTrue("the client re-reads the history as soon as the stream finishes");
    }

    [Fact]
    public void A_forced_stop_ends_with_its_reason_and_the_stop_marker()
    {
        var ending = TurnEnding.ForcedStop("Cancelled");

        (ending.Outcome, ending.StreamError, ending.Notice, ending.NoticeFirst)
            .Should().Be((TurnOutcome.Cancelled, "Cancelled", ChatMarkers.StoppedByUser, false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_deleted_session_or_an_unsent_turn_leaves_no_notice(bool deleted)
    {
        var ending = deleted ? TurnEnding.SessionDeleted("Session deleted") : TurnEnding.NotSent("Not queued");

        ending.Outcome.Should().Be(deleted ? TurnOutcome.Cancelled : TurnOutcome.Failed);
        ending.StreamError.Should().Be(deleted ? "Session deleted" : "Not queued");
        ending.Notice.Should().BeNull();
    }

    [Fact]
    public void A_turn_ended_elsewhere_writes_nothing_of_its_own()
    {
        var ending = TurnEnding.EndedElsewhere();

        (ending.StreamError, ending.Notice).Should().Be((null, null));
    }

    [Fact]
    public void The_end_of_a_turn_nobody_reports_on_is_announced_without_output_or_cost()
    {
        var announced = TurnEnding.Failed("This turn stopped responding.").Announcement(Turn, Now);

        announced.Should().BeEquivalentTo(new CopilotTurnCompleted(Turn.SessionId, Turn.TurnId, "user-1", TurnOutcome.Failed, "", [],
            TokenUsage.None, 0, TimeSpan.FromSeconds(42), "This turn stopped responding."));
    }

    [Fact]
    public void The_worker_that_ran_a_turn_announces_its_answer_and_cost()
    {
        var report = new TurnReport("Hello", [new ToolCallSummary("c1", "get_current_time", "{}", true)], new TokenUsage(10, 5, 0, 0), 1_234,
            TimeSpan.FromSeconds(3));

        var announced = (TurnEnding.Completed() with { Report = report }).Announcement(Turn, Now);

        announced.Should().BeEquivalentTo(new CopilotTurnCompleted(Turn.SessionId, Turn.TurnId, "user-1", TurnOutcome.Completed, "Hello",
            report.ToolCalls, report.Usage, 1_234, TimeSpan.FromSeconds(3), null));
    }
}
