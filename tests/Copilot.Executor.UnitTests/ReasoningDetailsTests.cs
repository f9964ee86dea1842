using System.Text.Json;
using System.Text.Json.Nodes;
using Copilot.Executor.Llm;

namespace Copilot.Executor.UnitTests;

public sealed class ReasoningDetailsTests
{
    private static JsonElement Entry(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonArray Blocks(ReasoningDetails details) => JsonNode.Parse(details.ToJson()!)!.AsArray();

    [Fact]
    public void Streamed_fragments_of_one_thinking_block_merge_into_one_signed_block()
    {
        var details = new ReasoningDetails();

        details.Add(Entry("""{"type":"reasoning.text","text":"Let me ","signature":null,"format":"anthropic-claude-v1","index":0}"""));
        details.Add(Entry("""{"type":"reasoning.text","text":"think.","index":0}"""));
        details.Add(Entry("""{"type":"reasoning.text","text":"","signature":"sig-abc","index":0}"""));

        var block = Blocks(details).Should().ContainSingle().Subject!;
        block["text"]!.GetValue<string>().Should().Be("Let me think.");
        block["signature"]!.GetValue<string>().Should().Be("sig-abc");
        block["format"]!.GetValue<string>().Should().Be("anthropic-claude-v1");
        block["index"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public void Blocks_of_different_indexes_or_types_stay_apart_in_their_streamed_order()
    {
        var details = new ReasoningDetails();

        details.Add(Entry("""{"type":"reasoning.text","text":"first","signature":"s0","index":0}"""));
        details.Add(Entry("""{"type":"reasoning.encrypted","data":"b64==","index":1}"""));
        details.Add(Entry("""{"type":"reasoning.text","text":"second","index":2}"""));
        details.Add(Entry("""{"type":"reasoning.text","signature":"s2","index":2}"""));

        var blocks = Blocks(details);
        blocks.Select(b => (string?)b!["type"]).Should().Equal("reasoning.text", "reasoning.encrypted", "reasoning.text");
        blocks[0]!["text"]!.GetValue<string>().Should().Be("first");
        blocks[1]!["data"]!.GetValue<string>().Should().Be("b64==");
        blocks[2]!["text"]!.GetValue<string>().Should().Be("second");
        blocks[2]!["signature"]!.GetValue<string>().Should().Be("s2");
    }

    [Fact]
    public void Summary_pieces_of_one_index_concatenate()
    {
        var details = new ReasoningDetails();

        details.Add(Entry("""{"type":"reasoning.summary","summary":"**Retr","format":"openai-responses-v1","index":0}"""));
        details.Add(Entry("""{"type":"reasoning.summary","summary":"ieving**","format":"openai-responses-v1","index":0}"""));

        Blocks(details).Should().ContainSingle().Which!["summary"]!.GetValue<string>().Should().Be("**Retrieving**");
    }

    [Fact]
    public void Text_fragments_without_an_index_merge_but_other_types_without_one_do_not()
    {
        var details = new ReasoningDetails();

        details.Add(Entry("""{"type":"reasoning.text","text":"a"}"""));
        details.Add(Entry("""{"type":"reasoning.text","text":"b"}"""));
        details.Add(Entry("""{"type":"reasoning.encrypted","data":"x"}"""));
        details.Add(Entry("""{"type":"reasoning.encrypted","data":"y"}"""));

        Blocks(details).Select(b => b!.ToJsonString()).Should().Equal(
            """{"type":"reasoning.text","text":"ab"}""",
            """{"type":"reasoning.encrypted","data":"x"}""",
            """{"type":"reasoning.encrypted","data":"y"}""");
    }

    [Fact]
    public void Nothing_accumulated_is_no_json_at_all() => new ReasoningDetails().ToJson().Should().BeNull();

    [Fact]
    public void A_delta_with_a_malformed_entry_contributes_nothing()
    {
        var delta = Entry("""{"reasoning_details":[{"type":"reasoning.text","text":"ok","index":0},{"type":"reasoning.text","text":42}]}""");

        ReasoningDetails.FromDelta(delta).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"reasoning_details":"oops"}""")]
    [InlineData("""{"reasoning_details":[{"text":"no type"}]}""")]
    [InlineData("""{"reasoning_details":null}""")]
    [InlineData("""{"reasoning":"plain text only"}""")]
    public void Deltas_without_usable_details_contribute_nothing(string delta) =>
        ReasoningDetails.FromDelta(Entry(delta)).Should().BeEmpty();

    [Fact]
    public void Well_formed_entries_are_kept_whole_including_fields_the_client_does_not_know()
    {
        var delta = Entry("""{"reasoning_details":[{"type":"reasoning.text","text":"hm","id":"r1","format":"anthropic-claude-v1","index":0,"extra":{"k":1}}]}""");

        var entry = ReasoningDetails.FromDelta(delta).Should().ContainSingle().Subject;
        entry.GetProperty("extra").GetProperty("k").GetInt32().Should().Be(1);
        entry.GetProperty("id").GetString().Should().Be("r1");
    }
}
