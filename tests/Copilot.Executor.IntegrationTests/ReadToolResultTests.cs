using System.Text.Json;
using Copilot.Executor.Tools.Results;
using Copilot.Testing;

namespace Copilot.Executor.IntegrationTests;

/// <summary>A tool result too long for the model is cut for it, and <c>read_tool_result</c> reads the rest later.</summary>
[Collection(ExecutorStackCollection.Name)]
public sealed class ReadToolResultTests(ExecutorStackFixture fixture)
{
    [Fact]
    public async Task The_cut_part_of_an_earlier_result_is_read_by_tool_call_id_and_offset()
    {
        using var user = fixture.NewUser();
        var session = await user.CreateSessionAsync();
        var bigOutput = """big [sim:tool=bash_exec:{"command":"yes xxxxxxxxx | head -c 120000; echo END"}] [sim:ttft=0] [sim:delay=0]""";
        var first = await user.ChatAsync(session, bigOutput);
        var callId = first.Chunks.Single(chunk => chunk.Type == "tool-output-available").Json.GetProperty("toolCallId").GetString()!;
        var read = JsonSerializer.Serialize(new { tool_call_id = callId, offset = ToolOutputCut.MaxChars });

        var second = await user.ChatAsync(session, $"the rest please [sim:tool=read_tool_result:{read}] [sim:ttft=0] [sim:delay=0]");

        var output = second.Chunks.Single(chunk => chunk.Type == "tool-output-available").Json.GetProperty("output").GetString()!;
        var page = JsonDocument.Parse(output).RootElement;
        page.GetProperty("tool_name").GetString().Should().Be("bash_exec");
        page.GetProperty("offset").GetInt32().Should().Be(ToolOutputCut.MaxChars);
        var total = page.GetProperty("total_length").GetInt32();
        total.Should().BeGreaterThan(120_000, "the stored result is whole: the JSON of bash_exec around 120 000 characters of stdout");
        var content = page.GetProperty("content").GetString()!;
        content.Length.Should().Be(Math.Min(ReadToolResultTool.MaxLength, total - ToolOutputCut.MaxChars));
        content.Contains("END").Should().BeTrue("the command's last line lies in the cut part");
    }

    [Fact]
    public async Task A_call_id_of_another_chat_reads_as_unknown()
    {
        using var user = fixture.NewUser();
        var elsewhere = await user.CreateSessionAsync();
        var here = await user.CreateSessionAsync();
        var first = await user.ChatAsync(elsewhere, "time [sim:tool=get_current_time] [sim:ttft=0] [sim:delay=0]");
        var callId = first.Chunks.Single(chunk => chunk.Type == "tool-output-available").Json.GetProperty("toolCallId").GetString()!;

        var capture = await user.ChatAsync(here, $"[sim:tool=read_tool_result:{JsonSerializer.Serialize(new { tool_call_id = callId })}] [sim:ttft=0] [sim:delay=0]");

        capture.Chunks.Should().Contain(chunk => chunk.Type == "tool-output-error"
            && chunk.Json.GetProperty("errorText").GetString()!.Contains($"No tool result with tool_call_id '{callId}'"));
    }
}
