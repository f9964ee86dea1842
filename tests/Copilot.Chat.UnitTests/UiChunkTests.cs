using System.Text.Json;
using Copilot.Chat.Streaming;

namespace Copilot.Chat.UnitTests;

public sealed class UiChunkTests
{
    public static TheoryData<UiChunk, string> WireForms => new()
    {
        { new StartChunk("m1"), """{"type":"start","messageId":"m1"}""" },
        { new StartStepChunk(), """{"type":"start-step"}""" },
        { new TextDeltaChunk("t1", "hi"), """{"type":"text-delta","id":"t1","delta":"hi"}""" },
        { new ReasoningEndChunk("r1"), """{"type":"reasoning-end","id":"r1"}""" },
        { new ToolInputStartChunk("c1", "search"), """{"type":"tool-input-start","toolCallId":"c1","toolName":"search"}""" },
        { new ToolInputDeltaChunk("c1", "{\"q"), """{"type":"tool-input-delta","toolCallId":"c1","inputTextDelta":"{\u0022q"}""" },
        { new ErrorChunk("boom"), """{"type":"error","errorText":"boom"}""" },
        { new FinishChunk(), """{"type":"finish"}""" },
    };

    [Theory]
    [MemberData(nameof(WireForms))]
    public void Serializes_to_the_ai_sdk_wire_form_with_type_first(UiChunk chunk, string expected) =>
        chunk.ToJson().Should().Be(expected);

    [Fact]
    public void Data_parts_are_named_data_star_and_carry_their_payload()
    {
        var chunk = new DataChunk("queued", JsonDocument.Parse("""{"count":2}""").RootElement);

        chunk.ToJson().Should().Be("""{"type":"data-queued","data":{"count":2}}""");
    }

    [Fact]
    public void Transient_data_parts_say_so()
    {
        var chunk = new DataChunk("usage", JsonDocument.Parse("{}").RootElement, Transient: true);

        chunk.ToJson().Should().Contain("\"transient\":true");
    }

    [Fact]
    public void Only_the_finish_chunk_is_terminal()
    {
        UiChunkJson.IsFinish(new FinishChunk().ToJson()).Should().BeTrue();
        UiChunkJson.IsFinish(new FinishStepChunk().ToJson()).Should().BeFalse();
        UiChunkJson.IsFinish(new ErrorChunk("x").ToJson()).Should().BeFalse();
    }
}
