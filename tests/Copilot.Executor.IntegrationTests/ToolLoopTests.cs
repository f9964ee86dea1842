using Copilot.Chat.Redis;
using Copilot.Executor.Turns;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

[Collection(ExecutorStackCollection.Name)]
public sealed class ToolLoopTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task Tool_calls_run_across_rounds_and_every_message_is_stored_in_order()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "what time is it [sim:tool=get_current_time] [sim:rounds=2]");

        capture.Types.Count(t => t == "tool-input-start").Should().Be(2);
        capture.Types.Count(t => t == "tool-output-available").Should().Be(2);
        capture.Types.Should().ContainInOrder("start-step", "tool-input-start", "tool-input-available", "finish-step",
            "tool-output-available", "start-step", "tool-input-start");
        capture.StructureTypes.Should().EndWith(["text-end", "finish-step", "finish", null]);
        capture.Text.Should().Contain("get_current_time");
        var output = capture.Chunks.First(e => e.Type == "tool-output-available").Json.GetProperty("output").GetString();
        DateTimeOffset.TryParse(output, out _).Should().BeTrue("the tool really ran and returned the time");
        var roles = (await fixture.HistoryAsync(session)).Select(r => r.Role);
        roles.Should().Equal("user", "assistant", "tool", "assistant", "tool", "assistant");
    }

    [Fact]
    public async Task A_reasoning_turn_sends_its_signed_thinking_back_with_the_tool_calls_and_completes_its_second_round()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        // The simulator, like Anthropic, refuses the second round if the first round's signed reasoning is not sent back.
        var capture = await user.ChatAsync(session, "think, then check the time [sim:reasoning=details] [sim:tool=get_current_time] [sim:ttft=0] [sim:delay=0]");

        capture.Chunks.Where(e => e.Type == "error").Select(e => e.Data).Should().BeEmpty();
        capture.Types.Count(t => t == "reasoning-start").Should().Be(2, "each round reasons before it answers");
        capture.Types.Count(t => t == "tool-output-available").Should().Be(1);
        capture.Text.Should().Contain("Tool get_current_time returned:");
        capture.StructureTypes.Should().EndWith(["text-end", "finish-step", "finish", null]);
        var roles = (await fixture.HistoryAsync(session)).Select(r => r.Role);
        roles.Should().Equal("user", "reasoning", "assistant", "tool", "reasoning", "assistant");
    }

    [Fact]
    public async Task Parallel_tool_calls_in_one_round_all_get_results()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "twice [sim:tool=get_current_time] [sim:tool=get_current_time]");

        capture.Types.Count(t => t == "tool-output-available").Should().Be(2);
        var roles = (await fixture.HistoryAsync(session)).Select(r => r.Role);
        roles.Should().Equal("user", "assistant", "tool", "tool", "assistant");
    }

    [Fact]
    public async Task An_unknown_tool_becomes_an_error_result_not_a_failed_turn()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "[sim:tool=launch_rockets]");

        capture.Types.Should().NotContain("error");
        capture.Chunks.First(e => e.Type == "tool-output-error").Json.GetProperty("errorText").GetString()
            .Should().Contain("not available");
        capture.Types.Should().EndWith(["finish", null]);
        var rows = (await user.GetSessionAsync(session)).GetProperty("messages").EnumerateArray().ToList();
        rows.Single(m => m.GetProperty("role").GetString() == "tool").GetProperty("is_error").GetBoolean()
            .Should().BeTrue("history keeps that the tool failed, for clients reloading it");
        rows.Where(m => m.GetProperty("role").GetString() != "tool").Should().OnlyContain(m => !m.GetProperty("is_error").GetBoolean());
    }

    [Fact]
    public async Task A_follow_up_queued_during_the_tool_round_reaches_the_next_round_and_history_in_order()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "check the time [sim:tool=get_current_time] [sim:ttft=1500]");
        var reading = await ChatClient.ReadInBackgroundAsync(running, TurnEvents.ModelCalled);

        using var queued = await user.SendAsync(session, "also, in UTC please");
        var capture = await reading;

        ((int)queued.StatusCode).Should().Be(202);
        capture.Chunks.Where(e => e.Type == "error").Select(e => e.Data).Should().BeEmpty();
        capture.Types.Should().Contain("data-follow-ups");
        capture.Text.Should().Contain("<user_follow_up>", "the simulator echoes the tool result the model read, follow-up block included");
        var history = await fixture.HistoryAsync(session);
        history.Select(r => r.Role).Should().Equal("user", "assistant", "tool", "user", "assistant");
        history[3].Content.Should().Be("also, in UTC please");
    }

    [Fact]
    public async Task A_follow_up_queued_during_a_turn_without_tools_is_answered_by_a_turn_of_its_own()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var running = await user.SendAsync(session, "tell me something [sim:long=30] [sim:delay=30]");
        // Sent before the turn took in its queue, the follow-up would be answered by this turn instead.
        var reading = await ChatClient.ReadInBackgroundAsync(running, TurnEvents.ModelCalled);

        using var queued = await user.SendAsync(session, "and one more thing");
        await reading;

        ((int)queued.StatusCode).Should().Be(202);
        await Eventually.TrueAsync(async () => (await fixture.HistoryAsync(session)).Count == 4, ChatClient.Patience, "the follow-up's own turn to be stored");
        var history = await fixture.HistoryAsync(session);
        history.Select(r => r.Role).Should().Equal("user", "assistant", "user", "assistant");
        history[3].Content.Should().Contain("and one more thing");
    }

    [Fact]
    public async Task A_follow_up_queued_during_the_last_allowed_round_is_answered_by_a_turn_of_its_own()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        var earlierRounds = string.Concat(Enumerable.Repeat("[sim:tool=get_current_time] ", new ExecutorOptions().MaxModelRounds - 1));
        using var lastRound = await SleepingCommand.StartAsync(user, session, $"{earlierRounds}[sim:sequential] [sim:ttft=0] [sim:delay=0] ", seconds: 3);

        using var queued = await user.SendAsync(session, "and one more thing");
        var capture = await lastRound.Stream;

        ((int)queued.StatusCode).Should().Be(202);
        capture.Types.Should().NotContain("data-follow-ups", "no model round would have read it");
        await Eventually.TrueAsync(async () => (await fixture.HistoryAsync(session))[^1] is ("assistant", { } answer) && answer.Contains("and one more thing"),
            ChatClient.Patience);
        var history = await fixture.HistoryAsync(session);
        history[^3].Should().Be(("assistant", TurnRunner.ClosingLine));
        history[^2].Should().Be(("user", "and one more thing"), "the continuation turn stored it, after the first turn's end");
    }

    [Fact]
    public async Task A_model_call_without_a_cost_still_counts_its_tokens_in_the_session_totals()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        await user.ChatAsync(session, "free of charge [sim:nocost] [sim:ttft=0] [sim:delay=0]");

        await Eventually.TrueAsync(async () =>
        {
            await using var db = fixture.NewDbContext();
            return db.Sessions.Single(s => s.Id == session) is { TotalPromptTokens: > 0, TotalCompletionTokens: > 0 };
        }, ChatClient.Patience);
    }

    [Fact]
    public async Task A_provider_error_mid_stream_ends_the_turn_failed_with_error_then_finish_and_frees_the_session()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "break [sim:error=after:3]");

        capture.StructureTypes.Should().EndWith(["text-end", "finish-step", "error", "finish", null]);
        capture.Chunks.Single(e => e.Type == "error").Json.GetProperty("errorText").GetString()
            .Should().Be("The AI provider failed to respond. Please try again.");
        (await fixture.Redis.GetDatabase().HashGetAsync(RedisKeys.TurnMeta(session), "status")).ToString().Should().Be("failed");
        (await fixture.Redis.GetDatabase().KeyExistsAsync(RedisKeys.SessionLock(session))).Should().BeFalse();
        var next = await user.ChatAsync(session, "are you back?");
        next.Text.Should().Contain("are you back?");
    }

    [Fact]
    public async Task A_provider_http_error_fails_the_turn_cleanly()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, "[sim:error=http:503]");

        capture.Types.Should().EndWith(["error", "finish", null]);
        // The error card is stored right after the turn's atomic end, which the client can see a moment earlier.
        await Eventually.TrueAsync(async () => (await fixture.HistoryAsync(session)).Count == 2, ChatClient.Patience);
        var history = await fixture.HistoryAsync(session);
        history.Select(r => r.Role).Should().Equal("user", "assistant");
        history[1].Content.Should().StartWith("[__COPILOT_ERROR_f7a1__]", "a failed turn leaves an error card so the next send starts cleanly");
    }
}
