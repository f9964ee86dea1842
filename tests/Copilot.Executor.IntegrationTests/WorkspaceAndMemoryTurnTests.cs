using System.Text;
using System.Text.Json;
using Copilot.Testing;
using Microsoft.EntityFrameworkCore;

namespace Copilot.Executor.IntegrationTests;

/// <summary>The workspace and memory tools called by the (simulated) model in real turns.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class WorkspaceAndMemoryTurnTests(ExecutorStackFixture fixture)
{
    private static List<JsonElement> ToolOutputs(SseCapture capture) =>
    [
        .. capture.Chunks.Where(e => e.Type == "tool-output-available")
            .Select(e => JsonDocument.Parse(e.Json.GetProperty("output").GetString()!).RootElement),
    ];

    [Fact]
    public async Task One_turn_writes_a_workspace_file_then_reads_lines_of_it_back()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var capture = await user.ChatAsync(session, """
            plan it [sim:tool=write_workspace_file:{"name":"plan.md","content":"step 1\nstep 2\nstep 3\n"}]
            [sim:tool=read_workspace_file:{"name":"plan.md","start_line":2,"end_line":3}] [sim:sequential]
            """);

        var outputs = ToolOutputs(capture);
        outputs.Should().HaveCount(2, "the stream was {0}", string.Join('\n', capture.Chunks.Select(e => e.Data)));
        var written = outputs[0];
        written.GetProperty("name").GetString().Should().Be("plan.md");
        written.GetProperty("mime_type").GetString().Should().Be("text/markdown");
        written.GetProperty("replaced").GetBoolean().Should().BeFalse();
        var read = outputs[1];
        read.GetProperty("file_id").GetGuid().Should().Be(written.GetProperty("file_id").GetGuid());
        read.GetProperty("content").GetString().Should().Be("step 2\nstep 3");
        read.GetProperty("total_lines").GetInt32().Should().Be(3);
        capture.Types.Should().EndWith(["finish", null]);

        await using var db = fixture.NewDbContext();
        var file = await db.WorkspaceFiles.SingleAsync(f => f.UserId == user.UserId);
        Encoding.UTF8.GetString(file.Content).Should().Be("step 1\nstep 2\nstep 3\n");
        (await fixture.HistoryAsync(session)).Select(r => r.Role).Should().Equal("user", "assistant", "tool", "assistant", "tool", "assistant");
    }

    [Fact]
    public async Task Listing_in_a_later_turn_shows_the_file_written_earlier()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        await user.ChatAsync(session, """[sim:tool=write_workspace_file:{"name":"a.txt","content":"alpha"}]""");

        var capture = await user.ChatAsync(session, "[sim:tool=list_workspace_files]");

        var listed = ToolOutputs(capture).Single();
        listed.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Should().Equal("a.txt");
        listed.GetProperty("used_bytes").GetInt64().Should().Be(5);
    }

    [Fact]
    public async Task Memories_are_added_found_and_forgotten_across_turns()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();

        var remembered = await user.ChatAsync(session, """
            [sim:tool=add_memory:{"content":"Prefers tea over coffee"}] [sim:tool=search_memory:{"query":"coffee"}] [sim:sequential]
            """);
        var outputs = ToolOutputs(remembered);
        var memoryId = outputs[0].GetProperty("memory_id").GetGuid();
        outputs[1].GetProperty("match").GetString().Should().Be("full_text");
        outputs[1].GetProperty("memories").EnumerateArray().Select(m => m.GetProperty("memory_id").GetGuid()).Should().Equal(memoryId);

        var forgotten = await user.ChatAsync(session, $$"""[sim:tool=forget_memory:{"memory_id":"{{memoryId}}"}]""");
        ToolOutputs(forgotten).Single().GetProperty("forgotten").GetBoolean().Should().BeTrue();

        var searchedAgain = await user.ChatAsync(session, """[sim:tool=search_memory:{"query":"coffee"}]""");
        ToolOutputs(searchedAgain).Single().GetProperty("count").GetInt32().Should().Be(0);
        await using var db = fixture.NewDbContext();
        (await db.Memories.CountAsync(m => m.UserId == user.UserId)).Should().Be(0);
    }
}
