using System.Text.Json;
using Copilot.Chat.Redis;
using Copilot.Chat.Sessions;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.IntegrationTests;

[Collection(ExecutorStackCollection.Name)]
public sealed class SubSessionTests(ExecutorStackFixture fixture)
{
    /// <summary>A child answer slow enough (~3 s) to be caught running, well short of the fixture's idle watchdog.</summary>
    private const string SlowChild = "slow child [sim:long=30] [sim:delay=100]";

    [Fact]
    public async Task A_sub_session_that_finishes_within_the_wait_returns_the_childs_answer()
    {
        using var user = fixture.NewUser();
        var parent = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(parent, Delegate("child task alpha", wait: 30));

        var status = ToolOutput(capture);
        status.GetProperty("status").GetString().Should().Be("completed");
        status.GetProperty("response").GetString().Should().Contain("child task alpha");
        var child = status.GetProperty("sub_session_id").GetGuid();
        status.GetProperty("sub_autopilot_session_id").GetGuid().Should().Be(child);
        status.GetProperty("sub_autopilot_session_link").GetString().Should().Be($"/copilot?sessionId={child}");
        capture.Text.Should().Contain("child task alpha", "the parent's answer builds on the child's result");

        await using var db = fixture.NewDbContext();
        var stored = await db.Sessions.SingleAsync(s => s.Id == child);
        stored.UserId.Should().Be(user.UserId);
        SessionMetadata.Parse(stored.Metadata).Should().Be(new SessionMetadata(DryRun: false, parent, Depth: 1));
        (await fixture.HistoryAsync(child)).Select(m => m.Role).Should().Equal("user", "assistant");
        var origin = await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(child), "origin");
        origin.ToString().Should().Be($"sub:{parent}");
    }

    [Fact]
    public async Task A_short_wait_reports_running_and_a_later_poll_sees_the_child_complete()
    {
        using var user = fixture.NewUser();
        var parent = await user.CreateSessionAsync();

        var started = ToolOutput(await user.ChatAsync(parent, Delegate(SlowChild, wait: 0)));
        started.GetProperty("status").GetString().Should().Be("running");
        started.GetProperty("message").GetString().Should().Contain("get_sub_session_result");
        var child = started.GetProperty("sub_session_id").GetGuid();

        var polled = ToolOutput(await user.ChatAsync(parent, Poll(child, wait: 30)));

        polled.GetProperty("status").GetString().Should().Be("completed");
        polled.GetProperty("response").GetString().Should().Be((await fixture.HistoryAsync(child))[^1].Content);
    }

    [Fact]
    public async Task A_message_for_a_busy_child_is_queued_for_its_running_turn()
    {
        using var user = fixture.NewUser();
        var parent = await user.CreateSessionAsync();
        var child = ToolOutput(await user.ChatAsync(parent, Delegate(SlowChild, wait: 0))).GetProperty("sub_session_id").GetGuid();

        var queued = ToolOutput(await user.ChatAsync(parent, Delegate("and one more thing", wait: 0, resume: child)));

        queued.GetProperty("status").GetString().Should().Be("queued");
        queued.GetProperty("pending_buffer_length").GetInt32().Should().Be(1);
        queued.GetProperty("sub_session_id").GetGuid().Should().Be(child);
    }

    [Fact]
    public async Task Cancelling_a_sub_session_stops_its_turn()
    {
        using var user = fixture.NewUser();
        var parent = await user.CreateSessionAsync();
        var child = ToolOutput(await user.ChatAsync(parent, Delegate("long child [sim:long=200] [sim:delay=50]", wait: 0)))
            .GetProperty("sub_session_id").GetGuid();

        var cancelled = ToolOutput(await user.ChatAsync(parent, $$"""[sim:tool=get_sub_session_result:{"sub_session_id":"{{child}}","cancel":true}]"""));

        cancelled.GetProperty("status").GetString().Should().Be("cancelled");
        await Eventually.TrueAsync(async () =>
            await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(child), "status") != "running", TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Another_users_sub_session_answers_exactly_like_a_missing_one()
    {
        using var owner = fixture.NewUser();
        var child = ToolOutput(await owner.ChatAsync(await owner.CreateSessionAsync(), Delegate("mine", wait: 30))).GetProperty("sub_session_id").GetGuid();
        using var intruder = fixture.NewUser();
        var session = await intruder.CreateSessionAsync();
        var missing = Guid.NewGuid();

        var foreign = ToolError(await intruder.ChatAsync(session, Poll(child, wait: 0)));
        var absent = ToolError(await intruder.ChatAsync(session, Poll(missing, wait: 0)));
        var resumed = ToolError(await intruder.ChatAsync(session, Delegate("hijack", wait: 0, resume: child)));

        foreign.Replace(child.ToString(), "ID").Should().Be(absent.Replace(missing.ToString(), "ID"))
            .And.Contain("No sub-session with id ID");
        resumed.Should().Contain("is not a session you own");
        (await fixture.HistoryAsync(child)).Select(m => m.Role).Should().Equal("user", "assistant");
    }

    [Fact]
    public async Task Sub_sessions_nest_no_deeper_than_configured()
    {
        using var user = fixture.NewUser();
        var parent = await user.CreateSessionAsync();
        var grandchildRequest = Delegate("grandchild", wait: 0);

        var status = ToolOutput(await user.ChatAsync(parent, Delegate(grandchildRequest, wait: 30)));

        status.GetProperty("status").GetString().Should().Be("completed");
        var childCall = status.GetProperty("tool_calls")[0];
        childCall.GetProperty("tool_name").GetString().Should().Be("run_sub_session");
        childCall.GetProperty("success").GetBoolean().Should().BeFalse();
        childCall.GetProperty("output").GetString().Should().Contain($"at most {ExecutorStackFixture.MaxSubSessionDepth} levels");
    }

    private static string Delegate(string prompt, int wait, Guid? resume = null) =>
        $"[sim:tool=run_sub_session:{JsonSerializer.Serialize(new { prompt, wait_for_result = wait, sub_autopilot_session_id = resume?.ToString() ?? "" })}]";

    private static string Poll(Guid child, int wait) =>
        $"[sim:tool=get_sub_session_result:{JsonSerializer.Serialize(new { sub_session_id = child.ToString(), wait_if_running = wait })}]";

    private static JsonElement ToolOutput(SseCapture capture)
    {
        var output = capture.Chunks.FirstOrDefault(e => e.Type == "tool-output-available");
        output.Should().NotBeNull("the tool should have answered (error: {0})", ToolErrorText(capture));
        return JsonDocument.Parse(output!.Json.GetProperty("output").GetString()!).RootElement;
    }

    private static string ToolError(SseCapture capture) =>
        ToolErrorText(capture) ?? throw new InvalidOperationException("The tool did not fail.");

    private static string? ToolErrorText(SseCapture capture) =>
        capture.Chunks.FirstOrDefault(e => e.Type == "tool-output-error")?.Json.GetProperty("errorText").GetString();
}
