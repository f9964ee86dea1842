using System.Text.Json;
using Copilot.Executor.Llm;

namespace Copilot.Executor.UnitTests;

public sealed class ReasoningTextTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static string Visible(string delta) => ReasoningText.FromDelta(Json(delta), out _);

    [Theory]
    [InlineData("""{"type":"reasoning.text","text":"hi","summary":"ignored"}""", "hi")]
    [InlineData("""{"type":"reasoning.summary","summary":"tldr"}""", "tldr")]
    [InlineData("""{"type":"reasoning.encrypted","data":"opaque","text":"secret"}""", "")]
    [InlineData("""{"type":"reasoning.text","text":"kept","signature":"sig"}""", "kept")]
    [InlineData("""{"type":"reasoning.future","text":"provider metadata"}""", "")]
    [InlineData("""{"text":"plain"}""", "plain")]
    public void Detail_shows_only_visible_types(string detail, string expected) =>
        ReasoningText.VisibleText(Json(detail)).Should().Be(expected);

    [Fact]
    public void Legacy_reasoning_string_is_returned_as_is() =>
        Visible("""{"role":"assistant","reasoning":"step one"}""").Should().Be("step one");

    [Fact]
    public void Reasoning_content_is_used_when_no_legacy_string() =>
        Visible("""{"reasoning_content":"deepseek thoughts"}""").Should().Be("deepseek thoughts");

    [Fact]
    public void Legacy_string_wins_over_other_shapes() =>
        Visible("""{"reasoning":"first","reasoning_content":"second","reasoning_details":[{"type":"reasoning.text","text":"third"}]}""")
            .Should().Be("first");

    [Fact]
    public void Details_are_concatenated() =>
        Visible("""{"reasoning_details":[{"type":"reasoning.text","text":"hello "},{"type":"reasoning.text","text":"world"}]}""")
            .Should().Be("hello world");

    [Fact]
    public void Encrypted_details_are_skipped_between_visible_ones() =>
        Visible("""{"reasoning_details":[{"type":"reasoning.encrypted","data":"x"},{"type":"reasoning.text","text":"visible"}]}""")
            .Should().Be("visible");

    [Fact]
    public void Text_and_summary_details_form_one_delta() =>
        Visible("""{"reasoning_details":[{"type":"reasoning.text","text":"plan: "},{"type":"reasoning.summary","summary":"do the thing"}]}""")
            .Should().Be("plan: do the thing");

    [Fact]
    public void Unknown_detail_type_is_hidden_while_text_detail_shows() =>
        Visible("""{"reasoning_details":[{"type":"reasoning.future","text":"provider metadata"},{"type":"reasoning.text","text":"real"}]}""")
            .Should().Be("real");

    [Fact]
    public void Empty_delta_has_no_reasoning()
    {
        ReasoningText.FromDelta(Json("{}"), out var malformed).Should().BeEmpty();
        malformed.Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"reasoning_details":"not a list"}""")]
    [InlineData("""{"reasoning_details":["a string entry"]}""")]
    [InlineData("""{"reasoning_details":[{"type":"reasoning.text","text":42}]}""")]
    [InlineData("""{"reasoning":{"nested":"object"}}""")]
    public void Malformed_payload_is_dropped_and_flagged(string delta)
    {
        ReasoningText.FromDelta(Json(delta), out var malformed).Should().BeEmpty();
        malformed.Should().BeTrue();
    }
}
