using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Copilot.Chat.Data;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary><c>bash_exec</c> and MCP tools called by the model inside real turns.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class SandboxAndMcpTurnTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task A_turn_whose_model_calls_bash_exec_streams_the_sandboxed_result()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, """run it [sim:tool=bash_exec:{"command":"echo hi; id -u"}]""");

        var output = JsonDocument.Parse(OutputOf(capture)).RootElement;
        output.GetProperty("stdout").GetString().Should().Be("hi\n1000\n");
        output.GetProperty("exit_code").GetInt32().Should().Be(0);
        output.GetProperty("message").GetString().Should().Be("Command executed with status code 0");
        output.GetProperty("timed_out").GetBoolean().Should().BeFalse();
        capture.Text.Should().Contain("Tool bash_exec returned:", "the model read the result");
        capture.Types.Should().EndWith(["finish", null]);
    }

    [Fact]
    public async Task Stop_during_a_sandboxed_command_ends_the_turn_promptly_and_kills_the_command()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var command = await SleepingCommand.StartAsync(user, session);

        var clock = Stopwatch.StartNew();
        using var cancel = await user.CancelAsync(session);
        var stopped = await command.Stream;

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "Stop reaches the running tool at once");
        (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetBoolean().Should().BeTrue();
        stopped.Types.Should().EndWith(["finish", null]);
        await Eventually.TrueAsync(() => ProcessTable.WithCommandLineContaining(command.Marker).Count == 0, TimeSpan.FromSeconds(5));
        (await fixture.HistoryAsync(session)).Should().Contain(("assistant", "[__COPILOT_SYSTEM_e3b0__] Execution stopped by user"));
    }

    [Fact]
    public async Task Deleting_a_session_removes_its_sandbox_folder_from_the_executors_host()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        await user.ChatAsync(session, """keep a file [sim:tool=bash_exec:{"command":"echo data > kept.txt"}] [sim:ttft=0] [sim:delay=0]""");
        string[] Folders() => Directory.GetDirectories(fixture.SandboxRoot, $"s-{session:N}", SearchOption.AllDirectories);
        Folders().Should().ContainSingle().Which.Should().Match(folder => File.Exists(Path.Combine(folder, "kept.txt")));

        using var deleted = await user.Http.DeleteAsync($"/api/chat/sessions/{session}");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await Eventually.TrueAsync(() => Folders().Length == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stop_during_a_parallel_tool_round_keeps_the_results_already_streamed()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var command = await SleepingCommand.StartAsync(user, session, "[sim:tool=get_current_time] ");

        using var cancel = await user.CancelAsync(session);
        var stopped = await command.Stream;

        stopped.Types.Should().EndWith(["finish", null]);
        var history = await fixture.HistoryAsync(session);
        history.Select(r => r.Role).Should().Equal(["user", "assistant", "tool", "assistant"], "a reload shows the finished call's result");
        DateTimeOffset.TryParse(history[2].Content, out _).Should().BeTrue("the stored result is the clock's output");
        history[3].Content.Should().Be(ChatMarkers.StoppedByUser);
        var next = await user.ChatAsync(session, "still there? [sim:ttft=0][sim:delay=0]");
        next.Text.Should().Contain("still there?", "the partly answered round is pruned from what the model sees next");
    }

    [Fact]
    public async Task A_message_sent_right_after_stopping_a_running_tool_starts_its_turn_within_a_second()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        using var command = await SleepingCommand.StartAsync(user, session);
        using var cancel = await user.CancelAsync(session);
        (await command.Stream).Types.Should().EndWith(["finish", null]);

        var clock = Stopwatch.StartNew();
        using var next = await user.SendAsync(session, "again [sim:ttft=0][sim:delay=0]");
        next.StatusCode.Should().Be(HttpStatusCode.OK, "the stopped turn no longer holds the session");
        var started = await ChatClient.ReadAsync(next, e => e.Type == "start");
        var elapsed = clock.Elapsed;

        started.Types.Should().Contain("start");
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "a stopped turn must not keep the next one waiting for its session lock");
        await Eventually.TrueAsync(async () => (await fixture.HistoryAsync(session)).Contains(("assistant", "[simulated] You said: again")),
            ChatClient.Patience);
    }

    [Fact]
    public async Task A_turn_whose_model_calls_an_mcp_tool_streams_its_output()
    {
        using var user = fixture.NewUser();
        SseCapture? capture = null;
        // The executor connects to MCP servers in the background after start-up; until then the tool is absent.
        await Eventually.TrueAsync(async () =>
        {
            capture = await user.ChatAsync(await user.CreateSessionAsync(), """echo [sim:tool=mcp__test__echo:{"text":"hello from mcp"}]""");
            return !OutputOf(capture).Contains("not available");
        }, ChatClient.Patience);

        OutputOf(capture!).Should().Be("hello from mcp");
        capture!.Text.Should().Contain("Tool mcp__test__echo returned: hello from mcp");
        capture.Types.Should().EndWith(["finish", null]);
    }

    private static string OutputOf(SseCapture capture)
    {
        capture.Chunks.Where(e => e.Type == "tool-output-available").Should()
            .ContainSingle("the tool should have run; the stream was {0}", string.Join(" ", capture.Events.Select(e => e.Data)));
        return capture.Chunks.Single(e => e.Type == "tool-output-available").Json.GetProperty("output").GetString()!;
    }
}
