using System.Text.Json;
using Copilot.Contracts;
using Copilot.Executor.Tools.SubSessions;

namespace Copilot.Executor.UnitTests;

public sealed class SubSessionStatusTests
{
    private static readonly Guid Child = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly Guid Parent = Guid.Parse("66666666-7777-8888-9999-000000000000");

    private static JsonElement Render(SessionOutcome outcome, SessionResult result) =>
        JsonDocument.Parse(SubSessionStatus.From(outcome, result, Child, Parent, TimeSpan.FromSeconds(12.346)).ToResult().Output).RootElement;

    [Theory]
    [InlineData(SessionOutcome.Completed, "completed")]
    [InlineData(SessionOutcome.Failed, "error")]
    [InlineData(SessionOutcome.Running, "running")]
    [InlineData(SessionOutcome.Queued, "queued")]
    public void Each_outcome_maps_to_the_seeds_status(SessionOutcome outcome, string status)
    {
        var json = Render(outcome, SessionResult.Empty);

        json.GetProperty("status").GetString().Should().Be(status);
        json.GetProperty("sub_session_id").GetGuid().Should().Be(Child);
        json.GetProperty("sub_autopilot_session_id").GetGuid().Should().Be(Child);
        json.GetProperty("sub_autopilot_session_link").GetString().Should().Be($"/copilot?sessionId={Child}");
        json.GetProperty("session_id").GetGuid().Should().Be(Parent);
        json.GetProperty("elapsed_seconds").GetDouble().Should().Be(12.35);
    }

    [Fact]
    public void A_completed_sub_session_leads_with_its_answer_and_lists_its_tool_calls()
    {
        var result = SessionResult.Empty with
        {
            ResponseText = "the answer",
            ToolCalls = [new ToolCallEntry("c1", "foo", JsonSerializer.SerializeToElement(new { }), JsonSerializer.SerializeToElement("ok"), true)],
        };

        var output = SubSessionStatus.From(SessionOutcome.Completed, result, Child, Parent, TimeSpan.Zero).ToResult().Output;

        output.Should().StartWith("{\"status\":\"completed\",\"response\":\"the answer\"", "a reader skimming the start meets the answer");
        JsonDocument.Parse(output).RootElement.GetProperty("tool_calls")[0].GetProperty("tool_name").GetString().Should().Be("foo");
    }

    [Fact]
    public void A_queued_message_reports_how_many_are_pending()
    {
        var json = Render(SessionOutcome.Queued, SessionResult.Empty with { Queued = true, FollowUpBufferLength = 2 });

        json.GetProperty("message").GetString().Should().Contain("queued (2 now pending)");
        json.GetProperty("pending_buffer_length").GetInt32().Should().Be(2);
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(60, 60)]
    [InlineData(1299, 300)]
    public void Waits_are_clamped_to_the_tool_cap(int requested, int clamped) =>
        SubSessionWaits.Clamp(requested).Should().Be(clamped);

    [Fact]
    public void A_full_length_wait_leaves_time_to_answer_before_the_runners_cap() =>
        SubSessionWaits.Budget(300).Should().BeLessThan(TimeSpan.FromSeconds(300));
}
