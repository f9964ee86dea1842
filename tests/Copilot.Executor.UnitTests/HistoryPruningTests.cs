using Copilot.Chat.Data;
using Copilot.Executor.Turns;

namespace Copilot.Executor.UnitTests;

/// <summary>The seed's prune_orphan_tool_calls expectations (session_persistence_test.py and session_cleanup.py).</summary>
public sealed class HistoryPruningTests
{
    [Fact]
    public void A_trailing_assistant_row_with_an_unanswered_tool_call_is_cut()
    {
        var messages = new List<ChatMessage> { User("hi"), ToolCalling("tc_abc") };

        var removed = HistoryPruning.PruneOrphanToolCalls(messages);

        removed.Should().Be(1);
        messages.Select(m => m.Content).Should().Equal("hi");
    }

    [Fact]
    public void An_unanswered_tool_call_row_is_cut_together_with_the_stop_marker_after_it()
    {
        var messages = new List<ChatMessage> { User("hi"), ToolCalling("tc_abc"), StopMarker() };

        var removed = HistoryPruning.PruneOrphanToolCalls(messages);

        removed.Should().Be(2);
        messages.Select(m => m.Content).Should().Equal("hi");
    }

    [Fact]
    public void A_fully_answered_tool_call_row_is_kept_and_stops_the_scan()
    {
        var messages = new List<ChatMessage> { User("hi"), ToolCalling("tc_abc"), ToolResult("tc_abc", "ok") };

        var removed = HistoryPruning.PruneOrphanToolCalls(messages);

        removed.Should().Be(0);
        messages.Should().HaveCount(3);
    }

    [Fact]
    public void A_partly_answered_tool_call_row_is_cut_with_its_partial_results()
    {
        var messages = new List<ChatMessage> { User("hi"), ToolCalling("tc_1", "tc_2"), ToolResult("tc_1", "ok") };

        var removed = HistoryPruning.PruneOrphanToolCalls(messages);

        removed.Should().Be(2);
        messages.Select(m => m.Content).Should().Equal("hi");
    }

    [Fact]
    public void Only_the_stop_marker_is_cut_after_a_fully_answered_tool_call_row()
    {
        var messages = new List<ChatMessage> { User("hi"), ToolCalling("tc_abc"), ToolResult("tc_abc", "ok"), StopMarker() };

        var removed = HistoryPruning.PruneOrphanToolCalls(messages);

        removed.Should().Be(1);
        messages.Should().HaveCount(3);
        messages[^1].Role.Should().Be(ChatRoles.Tool);
    }

    [Fact]
    public void Every_trailing_stop_marker_is_cut()
    {
        var messages = new List<ChatMessage> { User("hi"), Assistant("hello"), StopMarker(), StopMarker() };

        var removed = HistoryPruning.PruneOrphanToolCalls(messages);

        removed.Should().Be(2);
        messages.Select(m => m.Content).Should().Equal("hi", "hello");
    }

    [Fact]
    public void A_plain_assistant_answer_at_the_end_is_left_alone()
    {
        var messages = new List<ChatMessage> { User("hi"), Assistant("hello") };

        HistoryPruning.PruneOrphanToolCalls(messages).Should().Be(0);
        messages.Should().HaveCount(2);
    }

    [Fact]
    public void An_empty_history_prunes_nothing()
    {
        HistoryPruning.PruneOrphanToolCalls([]).Should().Be(0);
    }

    [Fact]
    public void An_unanswered_tool_call_row_earlier_than_the_last_user_message_is_not_touched()
    {
        var messages = new List<ChatMessage> { User("hi"), ToolCalling("tc_abc"), User("again") };

        HistoryPruning.PruneOrphanToolCalls(messages).Should().Be(0);
        messages.Should().HaveCount(3);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\":\"tc_abc\"}")]
    [InlineData("[]")]
    [InlineData("[\"tc_abc\", 42]")]
    [InlineData("[{\"type\":\"function\",\"function\":{\"name\":\"bash_exec\",\"arguments\":\"{}\"}}]")]
    [InlineData("[{\"id\":\"\",\"type\":\"function\"}]")]
    public void A_tool_call_row_without_readable_call_ids_has_nothing_pending_and_is_kept(string toolCalls)
    {
        var messages = new List<ChatMessage>
        {
            User("hi"),
            new() { Role = ChatRoles.Assistant, ToolCalls = toolCalls },
        };

        HistoryPruning.PruneOrphanToolCalls(messages).Should().Be(0);
        messages.Should().HaveCount(2);
    }

    [Fact]
    public void Id_less_calls_next_to_an_unanswered_one_do_not_save_the_row()
    {
        var messages = new List<ChatMessage>
        {
            User("hi"),
            new() { Role = ChatRoles.Assistant, ToolCalls = "[{\"type\":\"function\"}, \"junk\", {\"id\":\"tc_abc\",\"type\":\"function\"}]" },
        };

        HistoryPruning.PruneOrphanToolCalls(messages).Should().Be(1);
        messages.Should().ContainSingle();
    }

    private static ChatMessage User(string content) => new() { Role = ChatRoles.User, Content = content };

    private static ChatMessage Assistant(string content) => new() { Role = ChatRoles.Assistant, Content = content };

    private static ChatMessage StopMarker() => Assistant(ChatMarkers.StoppedByUser);

    private static ChatMessage ToolResult(string callId, string output) =>
        new() { Role = ChatRoles.Tool, ToolCallId = callId, Name = "bash_exec", Content = output };

    private static ChatMessage ToolCalling(params string[] callIds) => new()
    {
        Role = ChatRoles.Assistant,
        ToolCalls = "[" + string.Join(",", callIds.Select(id =>
            $$$"""{"id":"{{{id}}}","type":"function","function":{"name":"bash_exec","arguments":"{}"}}""")) + "]",
    };
}
