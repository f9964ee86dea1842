using System.Text.Json;
using Copilot.Executor.Llm;

namespace Copilot.Executor.UnitTests;

public sealed class ChunkDecoderTests
{
    private static IReadOnlyList<LlmStreamEvent> Decode(string json) =>
        ChunkDecoder.Decode(JsonDocument.Parse(json).RootElement, out _);

    [Fact]
    public void Content_delta_becomes_text() =>
        Decode("""{"choices":[{"index":0,"delta":{"content":"hello"},"finish_reason":null}]}""")
            .Should().Equal(new LlmTextDelta("hello"));

    [Fact]
    public void Reasoning_comes_before_text_of_the_same_delta() =>
        Decode("""{"choices":[{"delta":{"reasoning":"think","content":"say"}}]}""")
            .Should().Equal(new LlmReasoningDelta("think"), new LlmTextDelta("say"));

    [Fact]
    public void Tool_call_fragments_keep_their_index() =>
        Decode("""{"choices":[{"delta":{"tool_calls":[{"index":1,"id":"call_1","type":"function","function":{"name":"search","arguments":"{\"q\""}}]}}]}""")
            .Should().Equal(new LlmToolCallDelta(1, "call_1", "search", "{\"q\""));

    [Fact]
    public void Final_chunk_reports_usage_and_cost()
    {
        var events = Decode("""{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"cost":0.0123,"prompt_tokens_details":{"cached_tokens":3}}}""");

        var usage = events.Should().ContainSingle().Which.Should().BeOfType<LlmUsage>().Subject;
        usage.CostUsd.Should().Be(0.0123m);
        usage.Tokens.PromptTokens.Should().Be(10);
        usage.Tokens.CompletionTokens.Should().Be(5);
        usage.Tokens.CacheReadTokens.Should().Be(3);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":1}""")]
    [InlineData("""{"prompt_tokens":1,"cost":"abc"}""")]
    [InlineData("""{"prompt_tokens":1,"cost":0}""")]
    [InlineData("""{"prompt_tokens":1,"cost":-0.5}""")]
    public void Missing_or_unusable_cost_is_unknown_not_estimated(string usage) =>
        Decode($$"""{"choices":[],"usage":{{usage}}}""").OfType<LlmUsage>().Single().CostUsd.Should().BeNull();

    [Fact]
    public void Mid_stream_error_becomes_a_provider_error() =>
        Decode("""{"error":{"code":502,"message":"Upstream overloaded"},"choices":[{"delta":{"content":""},"finish_reason":"error"}]}""")
            .Should().Equal(new LlmProviderError("Upstream overloaded"));

    [Fact]
    public void Malformed_reasoning_does_not_hide_the_text()
    {
        var events = ChunkDecoder.Decode(
            JsonDocument.Parse("""{"choices":[{"delta":{"reasoning_details":"oops","content":"still here"}}]}""").RootElement,
            out var malformed);

        malformed.Should().BeTrue();
        events.Should().Equal(new LlmTextDelta("still here"));
    }

    [Fact]
    public void Reasoning_details_travel_raw_beside_their_visible_text()
    {
        var events = Decode("""{"choices":[{"delta":{"reasoning_details":[{"type":"reasoning.text","text":"hmm","index":0}]}}]}""");

        events.Should().HaveCount(2);
        events[0].Should().Be(new LlmReasoningDelta("hmm"));
        events[1].Should().BeOfType<LlmReasoningDetails>().Which.Entries.Should().ContainSingle()
            .Which.GetProperty("text").GetString().Should().Be("hmm");
    }

    [Fact]
    public void A_signature_only_fragment_shows_nothing_but_is_kept_to_send_back()
    {
        var events = Decode("""{"choices":[{"delta":{"reasoning_details":[{"type":"reasoning.text","text":"","signature":"sig","index":0}]}}]}""");

        events.Should().ContainSingle().Which.Should().BeOfType<LlmReasoningDetails>()
            .Which.Entries.Single().GetProperty("signature").GetString().Should().Be("sig");
    }
}
